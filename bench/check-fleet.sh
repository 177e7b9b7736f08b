#!/usr/bin/env bash
# make bench (part 4): logpush check -f over 500 zones with their upload history (--window 24h) against the sandbox
# on loopback, 50 ms added to each response; writes its block of docs/performance.md. Scenarios:
#   A  500 zones, one Sekoia job each: the REST requests, the GraphQL requests and units, the wait GraphQL's budget
#      imposes (500 units at 300 per window: the last 200 wait for the window), against the floor
#   B  the same check again at once: the sandbox's budget still holds A's units, so Cloudflare's budget error (errors[]
#      with HTTP 200) comes back and check retries after the wait it names
# GraphQL's window is Cloudflare's 300 s when GRAPHQL_WINDOW=300; by default the bench shortens it to 30 s (the
# sandbox's --rate-limit 1200/30s, which gives GraphQL a quarter of it, 300 units per 30 s, and the client's
# LOGPUSH_GRAPHQL_BUDGET=300/30s), so that it runs in about 2 minutes; the block reports the measured times and the
# times modelled for Cloudflare's 300 s window (each wait for the window 300 s long instead).
set -euo pipefail
cd "$(dirname "$0")/.."
zones=${ZONES:-500}
window=${GRAPHQL_WINDOW:-30}
latency=${LATENCY_MS:-50}
out=${OUT-docs/performance.md}
bin=target/logpush
[ -x "$bin" ] || make -s build >/dev/null
work=$(mktemp -d)
. bench/lib.sh
trap 'stop_sandbox; rm -rf "$work"' EXIT
export SEKOIA_KEY=AbCdEfGhIjKlMnOpQrStUvWxYz012345
# Cloudflare's side only (start_sandbox exports no SEKOIA_API_KEY), whatever the environment says.
lp() { env -u SEKOIA_API_KEY -u SEKOIA_API_URL "$bin" "$@"; }

# The zone IDs (the file names zones by ID, so that no lookup is needed), and one Sekoia job in each zone.
start_sandbox "$work" --zones "$zones" --state "$work/state.json" --quiet --rate-limit 100000/60s
ids=()
for page in $(seq $(( (zones + 49) / 50 ))); do
  mapfile -t -O "${#ids[@]}" ids < <(curl -s -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
    "$CLOUDFLARE_BASE_URL/zones?per_page=50&page=$page" | jq -r '.result[].id')
done
[ "${#ids[@]}" -eq "$zones" ] || { echo "bench: expected $zones zone IDs, got ${#ids[@]}" >&2; exit 1; }
{
  echo "jobs:"
  echo "  - dataset: firewall_events"
  echo "    intake_key: \${SEKOIA_KEY}"
  echo "    zones:"
  printf '      - %s\n' "${ids[@]}"
} > "$work/fleet.yaml"
lp apply -f "$work/fleet.yaml" --rate-limit 100000/60s > "$work/apply.out" \
  || { tail -3 "$work/apply.out" >&2; exit 1; }
stop_sandbox

count() { grep -cE "$1" "$work/requests.log" || true; }
units() { grep -oE '/graphql: [0-9]+ units? of' "$1" | awk '{s += $2} END {print s + 0}'; }
# the seconds of the announced waits of stderr file $1 whose line matches $2 ("4m10s", "30s")
waited() {
  grep -E "^logpush: .*$2" "$1" | grep -oE '(waiting|retrying in) [0-9hms]+' | awk '{print $NF}' | awk '
    { t = $0; s = 0
      if (match(t, /[0-9]+h/)) s += 3600 * substr(t, RSTART, RLENGTH - 1)
      if (match(t, /[0-9]+m/)) s += 60 * substr(t, RSTART, RLENGTH - 1)
      if (match(t, /[0-9]+s/)) s += substr(t, RSTART, RLENGTH - 1)
      total += s }
    END { print total + 0 }'
}
run_check() { # NAME: one check -f, its stdout, stderr (-v) and time
  local s e
  s=$(now_ms)
  LOGPUSH_GRAPHQL_BUDGET="300/${window}s" lp check -f "$work/fleet.yaml" --window 24h -v > "$work/$1.out" \
    2> "$work/$1.err" && rc=0 || rc=$?
  e=$(now_ms)
  ms=$((e - s))
}

start_sandbox "$work" --zones "$zones" --state "$work/state.json" --latency-ms "$latency" --rate-limit "1200/${window}s"
run_check a
a_ms=$ms; a_rc=$rc
a_rest=$(count '^[A-Z]+ /client/v4/'); a_gql=$(count '^POST /client/v4/graphql '); a_429=$(count ' 429$')
a_lists=$(count '^GET /client/v4/zones/[^/]+/logpush/jobs '); a_pages=$(count '^GET /client/v4/zones ')
a_units=$(units "$work/a.err"); a_wait=$(waited "$work/a.err" "GraphQL budget")
a_waits=$(grep -c "^logpush: waiting .* GraphQL budget" "$work/a.err" || true)
a_ok=$(grep -cE '^✓ zone ' "$work/a.out" || true)
tail -1 "$work/a.out"
: > "$work/requests.log"
run_check b
b_ms=$ms; b_rc=$rc
b_rest=$(count '^[A-Z]+ /client/v4/'); b_429=$(count ' 429$')
b_gql=$(count '^POST /client/v4/graphql '); b_units=$(units "$work/b.err")
b_refused=$(grep -c 'retrying POST .*/graphql .*budget spent' "$work/b.err" || true)
b_wait=$(waited "$work/b.err" "GraphQL budget")
b_waits=$(grep -cE "^logpush: (waiting .* GraphQL budget|Cloudflare says its GraphQL budget)" "$work/b.err" || true)
b_unchecked=$(grep -c 'cannot check the upload history' "$work/b.out" || true)
tail -1 "$work/b.out"
stop_sandbox

floor_requests=$(( zones + (zones + 9) / 10 ))
windows=$(( (zones + 299) / 300 ))
s() { awk -v ms="$1" 'BEGIN {printf "%.1f s", ms / 1000}'; }
modelled() { awk -v ms="$1" -v waited="$2" -v w="$window" -v n="$3" 'BEGIN {printf "%.0f s", ms / 1000 + n * (300 - w)}'; }
{
  echo "Measured by \`make bench\` (bench/check-fleet.sh) on $(date -u +%Y-%m-%d), same machine: \`check -f\` over $zones"
  echo "zones named by ID, one \`firewall_events\` job each, \`--window 24h\`, \`--concurrency 4\` (the default), Cloudflare's side"
  echo "only (no \`SEKOIA_API_KEY\`); the server is \`logpush sandbox\` on loopback, $latency ms added to each response."
  if [ "$window" -eq 300 ]; then
    echo "GraphQL's budget window is Cloudflare's, 300 s (\`GRAPHQL_WINDOW=300\`): the measured times are the modelled ones."
  else
    echo "GraphQL's budget window is shortened to $window s (\`sandbox --rate-limit 1200/${window}s\`,"
    echo "\`LOGPUSH_GRAPHQL_BUDGET=300/${window}s\`; \`GRAPHQL_WINDOW=300 bench/check-fleet.sh\` runs Cloudflare's own);"
    echo "\"modelled\" is the same run with each wait for the window 300 s long, as against Cloudflare."
  fi
  echo
  echo "| scenario | REST requests | GraphQL requests (units) | waits for GraphQL's budget | wall time (measured) | modelled at 300 s |"
  echo "|---|---:|---:|---|---:|---:|"
  echo "| A: $zones zones | $a_rest ($a_lists job lists, $a_pages zone pages, $a_429 answered 429) | $a_gql ($a_units) | $a_waits announced, ${a_wait} s | $(s "$a_ms") | $(modelled "$a_ms" "$a_wait" "$a_waits") |"
  echo "| B: the same at once again (the server's budget still spent) | $b_rest ($b_429 answered 429) | $b_gql ($b_units), $b_refused answered the budget error | $b_waits announced, ${b_wait} s | $(s "$b_ms") | $(modelled "$b_ms" "$b_wait" "$b_waits") |"
  echo "| floor | $floor_requests: $zones job lists + ⌈$zones/10⌉ GraphQL | $(( (zones + 9) / 10 )) ($zones) | $(( windows - 1 )): $zones units at 300 per window take $windows windows | | ≥ $(( (windows - 1) * 300 )) s |"
  echo
  echo "A: exit $a_rc, $a_ok of $zones zones ✓. B: exit $b_rc, $b_unchecked upload lines \"cannot check\"."
} > "$work/block.md"
cat "$work/block.md"
if [ -n "$out" ]; then
  replace_block "$out" bench-check-fleet "$work/block.md"
  echo "bench: wrote the check-fleet block of $out"
fi
