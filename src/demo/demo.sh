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
  printf '\n\033[1m$ %s\033[0m\n' "$*"
  "$@"
  local rc=$?
  [ "$rc" -eq 0 ] || printf '(exit code %s)\n' "$rc"
}

printf 'logpush sandbox running at %s (zone %s, account %s)\n' "$CLOUDFLARE_BASE_URL" "$CLOUDFLARE_ZONE_ID" "$CLOUDFLARE_ACCOUNT_ID"
printf 'Credentials, zone and account come from the environment it printed.\n'
printf '%s\n' 'AbCdEfGhIjKlMnOpQrStUvWxYz012345' > "$work/intake-key"
printf '%s\n' 'NewKeyAbCdEfGhIjKlMnOpQrStUvWxYz' > "$work/new-intake-key"
chmod 600 "$work/intake-key" "$work/new-intake-key"   # key files as they should be: no permission warning

step logpush datasets
step logpush fields -o names
step logpush create --intake-key-file "$work/intake-key" --dry-run
step logpush create --intake-key-file "$work/intake-key"
step logpush create --intake-key-file "$work/intake-key"
step logpush list --sekoia
step logpush get 1
step logpush update 1 --intake-key-file "$work/new-intake-key"
step logpush update 1 --timestamps unixnano
# Like Cloudflare, the sandbox reports a job's first batch (last_complete) a moment after it is enabled.
if logpush --help | grep -q "^  check "; then sleep 1.5; step logpush check; fi
step logpush disable 1
step logpush delete 1 --yes
step logpush create --dataset gateway_dns --intake-key-file "$work/intake-key" --region usa1
step logpush list --account "$CLOUDFLARE_ACCOUNT_ID" -o json

# Many zones from one reviewed file: plan, apply, and a rerun that changes nothing.
export SEKOIA_FIREWALL_KEY=AbCdEfGhIjKlMnOpQrStUvWxYz012345
cat > "$work/sekoia-logpush.yaml" <<'YAML'
defaults:
  timestamps: unixnano
jobs:
  - zones: [zone1.example.com, zone2.example.com]
    dataset: firewall_events
    intake_key: ${SEKOIA_FIREWALL_KEY}
    fields: sekoia
YAML
printf '\n$ cat sekoia-logpush.yaml\n'; cat "$work/sekoia-logpush.yaml"
step logpush apply -f "$work/sekoia-logpush.yaml" --plan
step logpush apply -f "$work/sekoia-logpush.yaml"
step logpush apply -f "$work/sekoia-logpush.yaml" --plan --detailed-exitcode
printf '\nDone; the sandbox is stopped.\n'
