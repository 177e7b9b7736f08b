#!/usr/bin/env bash
# make demo: the Sekoia guide, end to end, against 'logpush sandbox' (no Cloudflare account, no network).
# Starts the sandbox in the background, prints each command before its output, and stops the sandbox
# whatever happens.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin="$here/target/logpush"
work=$(mktemp -d)
sandbox_pid=
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null; wait "$sandbox_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$bin" sandbox --port 0 --zones 2 --quiet --first-batch-after 1s >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 100); do
  grep -q '^export ' "$work/sandbox.out" 2>/dev/null && break
  kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.err" >&2; echo "demo: the sandbox did not start" >&2; exit 1; }
  sleep 0.1
done
grep -q '^export ' "$work/sandbox.out" || { echo "demo: the sandbox did not start in 10 s" >&2; exit 1; }
eval "$(grep '^export ' "$work/sandbox.out")"

logpush() { "$bin" "$@"; }
step() {
  # each word shell-quoted, so the line can be pasted as it is
  printf '\n\033[1m$ %s\033[0m\n' "$(printf '%q ' "$@" | sed 's/ $//')"
  "$@"
  local rc=$?
  [ "$rc" -eq 0 ] || printf '(exit code %s)\n' "$rc"
}
# The sandbox's own paths (its clock, an intake that refuses uploads), with its token: shown as the curl to paste.
sandbox_admin="${CLOUDFLARE_BASE_URL%/client/v4}/__sandbox"
sandbox() {
  local path=$1 body=${2:-}
  printf '\n\033[2m$ curl -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" %s%s\033[0m\n' \
    "${body:+-d '$body' }" "\$SANDBOX/$path"
  curl -sf -X POST -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" ${body:+-d "$body"} "$sandbox_admin/$path" \
    | sed -n 's/.*"result":\(.*\)}$/\1/p'
  echo
}

printf 'logpush sandbox running at %s (zone %s, account %s)\n' "$CLOUDFLARE_BASE_URL" "$CLOUDFLARE_ZONE_ID" "$CLOUDFLARE_ACCOUNT_ID"
printf 'Credentials, zone and account come from the environment it printed.\n'

step logpush datasets
step logpush fields -o names
# The sandbox serves Sekoia's API too: create makes (or reuses) the intake and uses its key in memory.
step logpush create --create-intake --intake-name "Cloudflare WAF" --dry-run
step logpush create --create-intake --intake-name "Cloudflare WAF"
step logpush create --create-intake --intake-name "Cloudflare WAF"
step logpush list --sekoia
step logpush get 1
step logpush intakes --zone "$CLOUDFLARE_ZONE_ID"
# Like Cloudflare, the sandbox reports a job's first batch (last_complete) a moment after it is enabled.
sleep 1.5
printf '\nBoth ends of the pipe: Cloudflare delivers, and Sekoia receives, parses and dates the events.\n'
step logpush check

# A mistake only the Sekoia side shows: the WAF job gets the key of the HTTP requests intake (keys copied by
# hand from Sekoia's pages look alike). Cloudflare is happy; Sekoia parses every event with the wrong parser.
step logpush create --dataset http_requests --create-intake --intake-name "Cloudflare HTTP"
intake_key() {  # what a person copies from the intake's page in Sekoia
  curl -s -H "Authorization: Bearer $SEKOIA_API_KEY" "$SEKOIA_API_URL/v1/sic/conf/intakes?match%5Bname%5D=$1" \
    | sed -n 's/.*"intake_key":"\([^"]*\)".*/\1/p'
}
intake_key "Cloudflare%20HTTP" > "$work/wrong-key"
intake_key "Cloudflare%20WAF" > "$work/waf-key"
chmod 600 "$work/wrong-key" "$work/waf-key"
# With SEKOIA_API_KEY set, update checks the key first and refuses it; --force writes it anyway.
step logpush update 1 --intake-key-file "$work/wrong-key"
step logpush update 1 --intake-key-file "$work/wrong-key" --force
sleep 1.5
step logpush check 1
printf '\nThe fix: the WAF intake\047s key again.\n'
step logpush update 1 --intake-key-file "$work/waf-key"
step logpush check 1

# What happens between two runs. Cloudflare retries a failing upload, then drops the batch for good; after 24 h of
# failure it disables the job, and its only Logpush notification fires then. The sandbox's clock shows hours in a
# second: the WAF intake starts refusing uploads (as after a revoked key), and the clock moves 5 hours on.
printf '\nBetween two runs: the WAF intake refuses uploads (a revoked key), and 5 hours pass ($SANDBOX is %s).\n' \
  "$sandbox_admin"
sandbox "intakes/Cloudflare%20WAF/refuse" '{"status":401}'
sandbox clock '{"advance":"5h"}'
printf '\nuploads says how long the uploads have failed (from the first five minutes without a success: here the\n'
printf 'five minutes in which the intake began refusing also had some, hence 4 h and some minutes) and how long is\n'
printf 'left before Cloudflare disables the job; the records lost are those of the batches it dropped. On the\n'
printf 'Sekoia side, --max-silence catches the intake receiving nothing.\n'
step logpush check 1 --max-silence 1h
printf '\nWhile the intake refuses, Cloudflare refuses every change to the job (it test-uploads on each).\n'
step logpush disable 1
printf '\nThe fix (here: the intake accepts again); half an hour later the job delivers, and the records lost stay\n'
printf 'reported until they leave the 24 h window: Cloudflare cannot send them again.\n'
sandbox "intakes/Cloudflare%20WAF/accept"
sandbox clock '{"advance":"30m"}'
step logpush check 1
step logpush disable 1
step logpush delete 1 --yes
step logpush create --dataset gateway_dns --create-intake --intake-name "Cloudflare Gateway DNS" --region usa1
step logpush list --account "$CLOUDFLARE_ACCOUNT_ID" -o json
# Cloudflare's only Logpush notification fires once it has disabled a failing job (after ~24 h of failure):
# make sure someone hears of it. The webhook is a destination the account already has; its URL is never printed.
step logpush alerts ensure --account "$CLOUDFLARE_ACCOUNT_ID" --email soc@example.com --dry-run
step logpush alerts ensure --account "$CLOUDFLARE_ACCOUNT_ID" --email soc@example.com --webhook sandbox-hook
step logpush alerts --account "$CLOUDFLARE_ACCOUNT_ID"
step logpush check --account "$CLOUDFLARE_ACCOUNT_ID"

# Many zones from one reviewed file that holds no secret: the intake is named, its key found in memory.
cat > "$work/sekoia-logpush.yaml" <<'YAML'
defaults:
  timestamps: unixnano
jobs:
  - zones: [zone1.example.com, zone2.example.com]
    dataset: firewall_events
    intake: {name: Cloudflare WAF events (fleet)}
    fields: sekoia
YAML
printf '\n$ cat sekoia-logpush.yaml\n'; cat "$work/sekoia-logpush.yaml"
step logpush apply -f "$work/sekoia-logpush.yaml" --plan --create-intakes
step logpush apply -f "$work/sekoia-logpush.yaml" --create-intakes
step logpush apply -f "$work/sekoia-logpush.yaml" --plan --detailed-exitcode

# Proof of arrival after a write: --wait polls the intake until the job's own events arrive after the write (not
# Cloudflare's test upload, which Sekoia cannot parse); exit 8 when the time runs out. Against Cloudflare, 20m.
step logpush create --zone zone2.example.com --dataset dns_logs --create-intake --intake-name "Cloudflare DNS" --wait 20m

# For a monitoring system: the report in Prometheus' format, written whole (a temporary file, then a rename) where
# node_exporter's textfile collector reads it; cron runs this every few minutes (docs/monitoring.md).
sleep 1.5
mkdir -p "$work/textfile_collector"
cd "$work"
step logpush check -f sekoia-logpush.yaml -o prometheus --output-file textfile_collector/logpush.prom
printf '\n\033[1m$ grep -E %s textfile_collector/logpush.prom\033[0m\n' \
  "'^logpush_check_(status\\{check=\"uploads\"|records_delivered|up |last_run)'"
grep -E '^logpush_check_(status\{check="uploads"|records_delivered|up |last_run)' textfile_collector/logpush.prom
printf '\nDone; the sandbox is stopped.\n'
