#!/usr/bin/env bash
# The start-up goals of issue 23, as ratios to a JDK 25 hello-world run with the bundle's own flags (C1 only,
# serial GC): bundle --version, bundle fields -o names over plain http (logpush sandbox) and over https (logpush
# sandbox --tls, its CA in SSL_CERT_FILE). All in one run and interleaved: each round runs every command once, in
# turn, so that other work on the machine falls on every command alike. Medians of RUNS (default 15) rounds.
#
# BEFORE=DIR adds another bundle (the directory holding its bin/ and lib/, e.g. one built from main's commit) to
# the same rounds, for a before/after comparison. Then, for each bundle whose jar has the start-up marks
# (LOGPUSH_TRACE_STARTUP), the medians of its phases over PHASE_RUNS (default RUNS) more interleaved rounds.
#
# The logpush commands run with SSL_CERT_FILE and SSL_CERT_DIR unset (the https one with SSL_CERT_FILE naming the
# sandbox's CA only), so that the machine's own CA settings do not weigh on the goal figures; one more row runs
# the http one with both naming the system's CAs (/etc/ssl/certs), as many machines and CI images set them.
# Prints the tables and, unless OUT is empty, writes them into docs/performance.md (block "goals").
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
phase_runs=${PHASE_RUNS:-$runs}
out=${OUT-docs/performance.md}
bundle_jdk=${BUNDLE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
bundle=$PWD/target/bundle/logpush-$version/bin/logpush
[ -x "$bundle" ] || { echo "bench: make bundle first" >&2; exit 1; }
before=
if [ -n "${BEFORE:-}" ]; then
  before=$BEFORE/bin/logpush
  [ -x "$before" ] || { echo "bench: $before not found" >&2; exit 1; }
fi
bin=$bundle  # the sandboxes run from the bundle too
work=$(mktemp -d)
. bench/lib.sh
tls_pid=
trap 'stop_sandbox; [ -n "$tls_pid" ] && kill "$tls_pid" 2>/dev/null; rm -rf "$work"' EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello/Hello.java"
"$bundle_jdk/bin/javac" -d "$work/hello" "$work/hello/Hello.java"

unset SSL_CERT_FILE SSL_CERT_DIR
start_sandbox "$work" --quiet
"$bundle" sandbox --tls --port 0 --quiet > "$work/tls.out" 2>/dev/null &
tls_pid=$!
for _ in $(seq 200); do grep -q '^export ' "$work/tls.out" 2>/dev/null && break; sleep 0.1; done
tls_env=$(sed -n '1,/^export /{s/^export //p}' "$work/tls.out" | head -1)
[ -n "$tls_env" ] || { echo "bench: the TLS sandbox did not start" >&2; exit 1; }

# As on many machines and CI images (this one included): the system's CAs named by both variables. Not a goal row.
system_cas="SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt SSL_CERT_DIR=/etc/ssl/certs"
[ -f /etc/ssl/certs/ca-certificates.crt ] || system_cas="SSL_CERT_FILE=$(sed -n 's/.*SSL_CERT_FILE=\([^ ]*\).*/\1/p' <<< "$tls_env")"
names=("hello (JDK 25, bundle flags)")
cmds=("$bundle_jdk/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp $work/hello Hello")
for b in "$before" "$bundle"; do
  [ -n "$b" ] || continue
  if [ "$b" = "$before" ]; then tag="before:"; else tag=""; fi
  [ -n "$before" ] && [ "$b" = "$bundle" ] && tag="after:"
  names+=("$tag bundle --version" "$tag bundle fields -o names (http)" "$tag bundle fields -o names (https)"
    "$tag bundle fields -o names (http, SSL_CERT_FILE and SSL_CERT_DIR set)")
  cmds+=("$b --version" "$b fields -o names" "env $tls_env $b fields -o names" "env $system_cas $b fields -o names")
done
for c in "${cmds[@]}"; do sh -c "$c" >/dev/null 2>&1 || { echo "bench: failed: $c" >&2; exit 1; }; done
declare -A times
for r in $(seq "$runs"); do
  for i in "${!cmds[@]}"; do
    s=$(date +%s%N); sh -c "${cmds[$i]}" >/dev/null 2>&1; e=$(date +%s%N)
    times[$i]+="$(( (e - s) / 1000000 )) "
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
m=()
for i in "${!cmds[@]}"; do m+=("$(median "${times[$i]}")"); done

# Phases: LOGPUSH_TRACE_STARTUP=<launch time in ns> makes the launcher print its marks (ms since launch) on stderr.
marks=(main cli session client request response exit)
phase_names=("JVM start, up to main (AOT cache loaded)" "command line built (picocli)" \
  "arguments parsed, command started" "session: URL, credentials, proxies, CAs, transport" \
  "OkHttp client built (TLS context for https)" "request sent, response read (connection, server)" \
  "body parsed, output printed, exit")
traced=()
for b in "$before" "$bundle"; do
  [ -n "$b" ] || continue
  LOGPUSH_TRACE_STARTUP=$(date +%s%N) "$b" fields -o names 2>&1 >/dev/null | grep -q '^startup (ms since launch)' \
    && traced+=("$b")
done
declare -A phase
if [ "${#traced[@]}" -gt 0 ]; then
  for r in $(seq "$phase_runs"); do
    for b in "${traced[@]}"; do
      for scheme in http https; do
        if [ "$scheme" = https ]; then pre="env $tls_env"; else pre=env; fi
        line=$(LOGPUSH_TRACE_STARTUP=$(date +%s%N) $pre "$b" fields -o names 2>&1 >/dev/null | grep '^startup (ms since launch)')
        set -- ${line#*:}
        last=0
        while [ $# -ge 2 ]; do  # each phase: the time from the previous mark (the first: from the launch)
          phase[$b,$scheme,$1]+="$(awk -v a="$2" -v b="$last" 'BEGIN {print a - b}') "
          [ "$1" != exit ] || phase[$b,$scheme,total]+="$2 "
          last=$2; shift 2
        done
      done
    done
  done
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "Measured by \`bench/goals.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores; load average (1, 5, 15 min) $load_start"
  echo "at the start, $load_end at the end. Medians of $runs interleaved rounds (date +%s%N around sh -c); SSL_CERT_FILE"
  echo "and SSL_CERT_DIR unset (https: SSL_CERT_FILE is the sandbox's CA). The phases (medians of $phase_runs more rounds,"
  echo "each phase from the previous mark of LOGPUSH_TRACE_STARTUP) include the marks' own cost, under 1 ms."
  echo
  echo "| command | median (ms) | ratio | goal |"
  echo "|---|---:|---:|---|"
  echo "| ${names[0]} | ${m[0]} | 1.00 | |"
  for i in $(seq 1 4 $(( ${#cmds[@]} - 1 ))); do
    echo "| ${names[$i]} | ${m[$i]} | $(ratio "${m[$i]}" "${m[0]}") × hello | ≤ 1.8 × hello |"
    echo "| ${names[$((i + 1))]} | ${m[$((i + 1))]} | $(ratio "${m[$((i + 1))]}" "${m[0]}") × hello | ≤ 2.5 × hello |"
    echo "| ${names[$((i + 2))]} | ${m[$((i + 2))]} | $(ratio "${m[$((i + 2))]}" "${m[$((i + 1))]}") × http | ≤ 1.3 × the http figure |"
    echo "| ${names[$((i + 3))]} | ${m[$((i + 3))]} | $(ratio "${m[$((i + 3))]}" "${m[0]}") × hello | (not a goal) |"
  done
  if [ -n "$before" ]; then
    echo
    echo "After / before: --version $(ratio "${m[5]}" "${m[1]}"), fields (http) $(ratio "${m[6]}" "${m[2]}"),"\
      "fields (https) $(ratio "${m[7]}" "${m[3]}"), fields (http, CA variables set) $(ratio "${m[8]}" "${m[4]}")."
  fi
  for scheme in http https; do
    [ "${#traced[@]}" -gt 0 ] || break
    echo
    printf '| phase of `fields -o names` (%s), median ms |' "$scheme"
    for b in "${traced[@]}"; do if [ "$b" = "$before" ]; then printf ' before |'; else printf ' after |'; fi; done
    echo
    printf '|---|'; for _ in "${traced[@]}"; do printf -- '---:|'; done; echo
    for k in "${!marks[@]}"; do
      printf '| %s |' "${phase_names[$k]}"
      for b in "${traced[@]}"; do printf ' %.0f |' "$(median "${phase[$b,$scheme,${marks[$k]}]:-0}")"; done
      echo
    done
    printf '| **launch to exit** |'
    for b in "${traced[@]}"; do printf ' **%.0f** |' "$(median "${phase[$b,$scheme,total]:-0}")"; done
    echo
  done
} > "$work/block.md"
cat "$work/block.md"
if [ -n "$out" ]; then replace_block "$out" goals "$work/block.md"; echo "bench: wrote $out"; fi
