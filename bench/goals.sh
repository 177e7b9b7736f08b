#!/usr/bin/env bash
# The start-up goals of issue 23, as ratios to a JDK 25 hello-world run with the bundle's own flags (C1 only,
# serial GC), all in one run and interleaved (each round runs every command once, so that other work on the
# machine falls on every command alike): bundle --version, bundle fields -o names over plain http (logpush
# sandbox) and over https (logpush sandbox --tls, its CA in SSL_CERT_FILE). Medians of RUNS (default 15) runs.
# Prints the table and, unless OUT is empty, writes it into docs/performance.md (block "goals").
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
out=${OUT-docs/performance.md}
bin=
bundle_jdk=${BUNDLE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
bundle=target/bundle/logpush-$version/bin/logpush
[ -x "$bundle" ] || { echo "bench: make bundle first" >&2; exit 1; }
bin=$bundle  # the sandboxes run from the bundle too
work=$(mktemp -d)
. bench/lib.sh
tls_pid=
trap 'stop_sandbox; [ -n "$tls_pid" ] && kill "$tls_pid" 2>/dev/null; rm -rf "$work"' EXIT

mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello/Hello.java"
"$bundle_jdk/bin/javac" -d "$work/hello" "$work/hello/Hello.java"

start_sandbox "$work" --quiet
"$bundle" sandbox --tls --port 0 --quiet > "$work/tls.out" 2>/dev/null &
tls_pid=$!
for _ in $(seq 200); do grep -q '^export ' "$work/tls.out" 2>/dev/null && break; sleep 0.1; done
tls_env=$(sed -n '1,/^export /{s/^export //p}' "$work/tls.out" | head -1)
[ -n "$tls_env" ] || { echo "bench: the TLS sandbox did not start" >&2; exit 1; }

names=("hello (JDK 25, bundle flags)" "bundle --version" "bundle fields -o names (http)" "bundle fields -o names (https)")
cmds=(
  "$bundle_jdk/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp $work/hello Hello"
  "$bundle --version"
  "$bundle fields -o names"
  "env $tls_env $bundle fields -o names"
)
for c in "${cmds[@]}"; do sh -c "$c" >/dev/null 2>&1 || { echo "bench: failed: $c" >&2; exit 1; }; done
declare -A times
for r in $(seq "$runs"); do
  for i in "${!cmds[@]}"; do
    s=$(date +%s%N); sh -c "${cmds[$i]}" >/dev/null 2>&1; e=$(date +%s%N)
    times[$i]+="$(( (e - s) / 1000000 )) "
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m=()
for i in "${!cmds[@]}"; do m+=("$(median "${times[$i]}")"); done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
  echo "Goals of issue 23, measured by \`bench/goals.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average"
  echo "$(cut -d' ' -f1 /proc/loadavg) at the end; medians of $runs interleaved runs (date +%s%N around sh -c)."
  echo
  echo "| command | median (ms) | ratio | goal |"
  echo "|---|---:|---:|---|"
  echo "| ${names[0]} | ${m[0]} | 1.00 | |"
  echo "| ${names[1]} | ${m[1]} | $(ratio "${m[1]}" "${m[0]}") × hello | ≤ 1.8 × hello |"
  echo "| ${names[2]} | ${m[2]} | $(ratio "${m[2]}" "${m[0]}") × hello | ≤ 2.5 × hello |"
  echo "| ${names[3]} | ${m[3]} | $(ratio "${m[3]}" "${m[2]}") × http | ≤ 1.3 × the http figure |"
} > "$work/block.md"
cat "$work/block.md"
if [ -n "$out" ]; then replace_block "$out" goals "$work/block.md"; echo "bench: wrote $out"; fi
