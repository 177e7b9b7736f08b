#!/usr/bin/env bash
# make bench: start-up of logpush against the floor of any JVM tool (a Java hello-world) and against what
# the Sekoia guide does by hand (curl | jq), all measured in one run on this machine, and written to
# docs/performance.md. Uses hyperfine (Debian package) when present, else a loop with date +%s%N.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
out=${OUT:-docs/performance.md}
bin=target/logpush
[ -x "$bin" ] && [ -f target/logpush.jsa ] || make -s build >/dev/null

work=$(mktemp -d)
. bench/lib.sh
trap 'stop_sandbox; rm -rf "$work"' EXIT

# The floor: the same hello-world, with the JVM's defaults and with logpush's launcher flags.
mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello/Hello.java"
javac -d "$work/hello" "$work/hello/Hello.java"

# A loopback Cloudflare stand-in: logpush's own sandbox, on a free port.
start_sandbox "$work" --quiet
fields_url="$CLOUDFLARE_BASE_URL/zones/$CLOUDFLARE_ZONE_ID/logpush/datasets/firewall_events/fields"
"$bin" fields -o names > "$work/logpush.txt"
curl -s -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$fields_url" | jq -r '.result|keys|join(",")' > "$work/curl.txt"
cmp -s "$work/logpush.txt" "$work/curl.txt" || { echo "bench: logpush and curl|jq disagree" >&2; exit 1; }

names=(
  "java Hello (JVM defaults)"
  "java Hello (launcher flags)"
  "logpush --version"
  "logpush --help"
  "logpush completion bash"
  "logpush fields -o names (loopback)"
  "curl \\| jq (loopback)"
)
cmds=(
  "java -cp $work/hello Hello"
  "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp $work/hello Hello"
  "$bin --version"
  "$bin --help"
  "$bin completion bash"
  "$bin fields -o names"
  "sh -c 'curl -s -H \"Authorization: Bearer \$CLOUDFLARE_API_TOKEN\" $fields_url | jq -r \".result|keys|join(\\\",\\\")\"'"
)

medians=()
if command -v hyperfine >/dev/null 2>&1; then
  tool="hyperfine $(hyperfine --version | awk '{print $2}'), $runs runs after 3 warm-ups, median"
  hyperfine -N -w 3 -r "$runs" --export-json "$work/h.json" "${cmds[@]}" >/dev/null 2>&1 || \
    hyperfine -w 3 -r "$runs" --export-json "$work/h.json" "${cmds[@]}" >/dev/null
  mapfile -t medians < <(jq -r '.results[].median * 1000 | floor' "$work/h.json")
else
  tool="a shell loop with date +%s%N, $runs runs after 3 warm-ups, median"
  for c in "${cmds[@]}"; do
    for _ in 1 2 3; do sh -c "$c" >/dev/null 2>&1; done
    ts=()
    for _ in $(seq "$runs"); do
      s=$(date +%s%N); sh -c "$c" >/dev/null 2>&1; e=$(date +%s%N); ts+=($(( (e - s) / 1000000 )))
    done
    medians+=("$(printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')")
  done
fi

floor=${medians[0]}
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || uname -m)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo "?")
jvm=$(java -version 2>&1 | sed -n 2p | sed 's/ *$//')
jar_size=$(stat -c %s target/logpush.jar 2>/dev/null || wc -c < target/logpush.jar)
jsa_size=$(stat -c %s target/logpush.jsa 2>/dev/null || wc -c < target/logpush.jsa)

{
  echo "Measured by \`make bench\` (bench/startup.sh) on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $mem, $(uname -sr)."
  echo "JVM: $jvm. Timing: $tool. The loopback server is \`logpush sandbox\`;"
  echo "\`fields -o names\` and \`curl | jq\` print the same line."
  echo
  echo "| command | median (ms) | × hello-world (JVM defaults) | × hello-world (launcher flags) |"
  echo "|---|---:|---:|---:|"
  for i in "${!names[@]}"; do
    printf '| %s | %s | %s | %s |\n' "${names[$i]}" "${medians[$i]}" \
      "$(awk -v a="${medians[$i]}" -v b="$floor" 'BEGIN {printf "%.2f", a / b}')" \
      "$(awk -v a="${medians[$i]}" -v b="${medians[1]}" 'BEGIN {printf "%.2f", a / b}')"
  done
  echo
  echo "Jar: target/logpush.jar, $jar_size bytes; class-data archive target/logpush.jsa, $jsa_size bytes."
} > "$work/block.md"
replace_block "$out" bench "$work/block.md"
echo "bench: wrote $out"
