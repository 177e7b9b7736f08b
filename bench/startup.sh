#!/usr/bin/env bash
# make bench: start-up of logpush against the floor of any JVM tool (a Java hello-world) and against what
# the Sekoia guide does by hand (curl | jq), all measured in one run on this machine, and written to
# docs/performance.md. Uses hyperfine (Debian package) when present, else a loop with date +%s%N.
# The self-contained bundle (make bundle) runs in the same run, next to the launcher, with the hello-world on the
# JDK it was linked from (BUNDLE_JDK).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
out=${OUT:-docs/performance.md}
bin=target/logpush
[ -x "$bin" ] && [ -f target/logpush.jsa ] || make -s build >/dev/null
bundle_jdk=${BUNDLE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
bundle_dir=target/bundle/logpush-$version
bundle=$bundle_dir/bin/logpush
bundle_tgz=$(ls target/logpush-"$version"-linux-*.tar.gz 2>/dev/null | head -1)
[ -x "$bundle" ] && [ -n "$bundle_tgz" ] || make -s bundle BUNDLE_JDK="$bundle_jdk" >/dev/null
bundle_tgz=$(ls target/logpush-"$version"-linux-*.tar.gz | head -1)

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
"$bundle" fields -o names > "$work/bundle.txt"
cmp -s "$work/logpush.txt" "$work/bundle.txt" || { echo "bench: the launcher and the bundle disagree" >&2; exit 1; }
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
  "java Hello (JDK ${bundle_jdk##*/}, launcher flags)"
  "bundle --version"
  "bundle --help"
  "bundle completion bash"
  "bundle fields -o names (loopback)"
)
cmds=(
  "java -cp $work/hello Hello"
  "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp $work/hello Hello"
  "$bin --version"
  "$bin --help"
  "$bin completion bash"
  "$bin fields -o names"
  "sh -c 'curl -s -H \"Authorization: Bearer \$CLOUDFLARE_API_TOKEN\" $fields_url | jq -r \".result|keys|join(\\\",\\\")\"'"
  "$bundle_jdk/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp $work/hello Hello"
  "$bundle --version"
  "$bundle --help"
  "$bundle completion bash"
  "$bundle fields -o names"
)

load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
medians=()
if command -v hyperfine >/dev/null 2>&1; then
  # In rounds, so that a burst of other work on the machine falls on every command rather than on one: each round
  # runs every command (runs / rounds) times after one warm-up; the median is over all the runs.
  rounds=${ROUNDS:-4}
  per=$(( (runs + rounds - 1) / rounds ))
  tool="hyperfine $(hyperfine --version | awk '{print $2}'), $((per * rounds)) runs in $rounds rounds, each after a warm-up, median"
  for r in $(seq "$rounds"); do
    hyperfine -N -w 1 -r "$per" --export-json "$work/h$r.json" "${cmds[@]}" >/dev/null 2>&1 || \
      hyperfine -w 1 -r "$per" --export-json "$work/h$r.json" "${cmds[@]}" >/dev/null
  done
  mapfile -t medians < <(jq -s -r '[.[].results] | transpose[] | [.[].times[]] | sort
    | (if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end) * 1000 | floor' \
    "$work"/h*.json)
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
bundle_jvm=$("$bundle_dir/runtime/bin/java" -version 2>&1 | sed -n 2p | sed 's/ *$//')
bundle_kb=$(du -k "$bundle_tgz" | cut -f1)
bundle_unpacked_kb=$(du -sk "$bundle_dir" | cut -f1)
cache=$bundle_dir/lib/logpush.aot
[ -f "$cache" ] || cache=$bundle_dir/lib/logpush.jsa
mb() { awk -v k="$1" 'BEGIN {printf "%.1f MB", k * 1024 / 1000000}'; }

{
  echo "Measured by \`make bench\` (bench/startup.sh) on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $mem, $(uname -sr);"
  echo "load average $load_before before the run, $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?') after (other work on the machine slows every row alike)."
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
  echo "The launcher (JDK 17) against the bundle (\`make bundle\`: $bundle_jvm, linked by jlink,"
  echo "with its start-up cache), same run:"
  echo
  echo "| command | launcher, JDK 17 (ms) | bundle (ms) | bundle / launcher | bundle × its JDK's hello-world |"
  echo "|---|---:|---:|---:|---:|"
  for pair in "--version 2 8" "--help 3 9" "completion bash 4 10" "fields -o names (loopback) 5 11"; do
    set -- $pair
    b=${*: -1} l=${*: -2:1} label=${pair% * *}
    printf '| %s | %s | %s | %s | %s |\n' "\`$label\`" "${medians[$l]}" "${medians[$b]}" \
      "$(awk -v a="${medians[$b]}" -v b="${medians[$l]}" 'BEGIN {printf "%.2f", a / b}')" \
      "$(awk -v a="${medians[$b]}" -v b="${medians[7]}" 'BEGIN {printf "%.2f", a / b}')"
  done
  echo
  echo "Jar: target/logpush.jar, $jar_size bytes; class-data archive target/logpush.jsa, $jsa_size bytes."
  echo "Bundle: $(basename "$bundle_tgz"), $(mb "$bundle_kb") compressed, $(mb "$bundle_unpacked_kb") unpacked"
  echo "(runtime $(mb "$(du -sk "$bundle_dir/runtime" | cut -f1)"), cache ${cache##*/} $(mb "$(du -k "$cache" | cut -f1)"))."
} > "$work/block.md"
replace_block "$out" bench "$work/block.md"
echo "bench: wrote $out"
