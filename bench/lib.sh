# Shared by the benchmarks: start a sandbox, and rewrite a marked block of a Markdown file.

# start_sandbox OUT_DIR ARGS...: starts 'logpush sandbox' in the background, logs requests to OUT_DIR/requests.log,
# exports its Cloudflare environment (not its SEKOIA_API_KEY: with it, apply and check would also read the sandbox's
# Sekoia side, whose intakes have none of the benchmarks' keys), and sets sandbox_pid.
start_sandbox() {
  local out=$1; shift
  : > "$out/requests.log"
  "$bin" sandbox --port 0 "$@" > "$out/sandbox.out" 2>> "$out/requests.log" &
  sandbox_pid=$!
  for _ in $(seq 200); do grep -q '^export ' "$out/sandbox.out" 2>/dev/null && break; sleep 0.1; done
  grep -q '^export ' "$out/sandbox.out" || { echo "bench: the sandbox did not start" >&2; exit 1; }
  eval "$(grep '^export CLOUDFLARE_' "$out/sandbox.out")"
}

stop_sandbox() {
  if [ -n "${sandbox_pid:-}" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
  sandbox_pid=
}

# replace_block FILE NAME BLOCK_FILE: replaces the lines between <!-- NAME:start ... --> and <!-- NAME:end -->.
replace_block() {
  local file=$1 name=$2 block=$3
  # Only a regular file: a device (OUT=/dev/null) would be replaced by the moved temporary file.
  if [ ! -f "$file" ] || [ -L "$file" ]; then
    echo "replace_block: $file is not a regular file; not written" >&2
    return 0
  fi
  awk -v block="$block" -v start="<!-- $name:start" -v end="<!-- $name:end -->" '
    index($0, start) == 1 { print; while ((getline line < block) > 0) print line; skip = 1; next }
    index($0, end) == 1 { skip = 0 }
    !skip { print }' "$file" > "$file.tmp" && mv "$file.tmp" "$file"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
