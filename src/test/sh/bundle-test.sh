#!/usr/bin/env bash
# make test-bundle (part of make test): unpack the self-contained bundle into an empty directory whose path has a
# space, and run it as a user without Java would: no JAVA_HOME, no java on PATH. Every command's stdout must be the
# same as the jar's on the machine's own JDK, stderr empty, the start-up cache used as shipped (never remade), and
# the install may be read-only.
set -euo pipefail
cd "$(dirname "$0")/../../.."
tarball=${1:-$(ls target/logpush-*-linux-*.tar.gz 2>/dev/null | head -1)}
[ -f "$tarball" ] || { echo "bundle test: no bundle; run make bundle" >&2; exit 1; }
passed=0
fail() { echo "bundle test: FAILED: $*" >&2; exit 1; }
ok() { passed=$((passed + 1)); }

work=$(mktemp -d)
sandbox_pid=
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
dest="$work/opt dir"
mkdir -p "$dest" "$work/home" "$work/tools" "$work/out"
tar -C "$dest" -xzf "$tarball"
top=$(echo "$dest"/logpush-*)
[ -d "$top" ] || fail "the tarball does not unpack to logpush-VERSION/"
for f in bin/logpush lib/logpush.jar runtime/bin/java runtime/release runtime/legal/java.base/LICENSE LICENSE NOTICE \
         share/bash-completion/completions/logpush share/zsh/site-functions/_logpush \
         share/fish/vendor_completions.d/logpush.fish share/man/man1/logpush.1 share/man/man1/logpush-create.1 share/man/man5/logpush-apply.5; do
  [ -e "$top/$f" ] || fail "$f is missing"
done
if [ -f "$top/lib/logpush.aot" ]; then cache=$top/lib/logpush.aot use_cache=-XX:AOTMode=on
elif [ -f "$top/lib/logpush.jsa" ]; then cache=$top/lib/logpush.jsa use_cache=-Xshare:on
else fail "no start-up cache (lib/logpush.aot or lib/logpush.jsa)"; fi
ok

# The only tools on PATH: what the launcher needs (sh; ls and sed to resolve a symlink). No java.
for t in sh ls sed; do ln -s "$(command -v "$t")" "$work/tools/$t"; done
if env -i PATH="$work/tools" /bin/sh -c 'command -v java' >/dev/null; then fail "java is on the test PATH"; fi
touch "$work/before"
sleep 1   # so that anything written below has a newer time

# The reference: the jar on the machine's JDK (the java on PATH). The sandbox is the bundle's own.
ref() { env -i PATH=/usr/bin:/bin HOME="$work/home" "${sandbox_env[@]}" java -jar target/logpush.jar "$@"; }
bundle() { env -i PATH="$work/tools" HOME="$work/home" JAVA_HOME=/nonexistent "${sandbox_env[@]}" "$top/bin/logpush" "$@"; }
sandbox_env=()
env -i PATH="$work/tools" HOME="$work/home" "$top/bin/logpush" sandbox --port 0 --zones 2 --quiet \
  > "$work/sandbox.out" 2> "$work/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 100); do grep -q '^export ' "$work/sandbox.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^export ' "$work/sandbox.out" || fail "the bundle's sandbox did not start: $(cat "$work/sandbox.err")"
read -r -a sandbox_env <<< "$(sed -n 's/^export //p' "$work/sandbox.out")"
sandbox_env+=(SEKOIA_FIREWALL_KEY=AbCdEfGhIjKlMnOpQrStUvWxYz012345)
ok

# same NAME ARGS...: the bundle's stdout, stderr and exit code equal the jar's (stderr is empty but for the tool's
# own messages, such as a dry run's note).
same() {
  local name=$1 rc=0 ref_rc=0; shift
  bundle "$@" > "$work/out/$name.bundle" 2> "$work/out/$name.err" || rc=$?
  ref "$@" > "$work/out/$name.ref" 2> "$work/out/$name.ref-err" || ref_rc=$?
  [ "$rc" = "$ref_rc" ] || fail "'logpush $*' exited $rc through the bundle, $ref_rc through the jar: $(head -c 300 "$work/out/$name.err")"
  if [ -n "${times:-}" ]; then  # times from the sandbox's clock (token expiry, batches), a second or two apart,
    # and the counts that grow with it (the sandbox's jobs upload records as its clock runs)
    sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/TIME/g; s/[0-9]+ ([a-z]+) ago/N \1 ago/g
      s/[0-9][0-9,]* (uploads?|records|events?)\b/N \1/g; s/("[a-z_]*(uploads|records|events)[a-z_]*" *: *)[0-9.]+/\1N/g' \
      "$work/out/$name.bundle" "$work/out/$name.ref"
  fi
  cmp -s "$work/out/$name.err" "$work/out/$name.ref-err" || fail "'logpush $*': stderr: $(head -c 300 "$work/out/$name.err")"
  cmp -s "$work/out/$name.bundle" "$work/out/$name.ref" || fail "'logpush $*': stdout differs from the jar's: $(diff "$work/out/$name.ref" "$work/out/$name.bundle" | head -5)"
  ok
}

# --version: the same tool, on the bundle's runtime (not $JAVA_HOME, not the machine's).
bundle --version > "$work/out/version" 2> "$work/out/version.err" || fail "--version exited $?"
[ ! -s "$work/out/version.err" ] || fail "--version: stderr: $(cat "$work/out/version.err")"
[ "$(head -1 "$work/out/version")" = "$(ref --version | head -1)" ] || fail "--version differs: $(head -1 "$work/out/version")"
# The launcher prints lib/version.txt itself: what the bundle's JVM prints for --version, to the byte.
env -i PATH="$work/tools" HOME="$work/home" "$top/runtime/bin/java" -jar "$top/lib/logpush.jar" --version > "$work/out/version.jvm" \
  || fail "java -jar --version exited $?"
cmp -s "$work/out/version" "$work/out/version.jvm" || fail "--version from the launcher differs from the JVM's"
runtime_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$top/runtime/release")
grep -q "^Java $runtime_version " "$work/out/version" || fail "--version does not name the bundle's runtime $runtime_version: $(tail -1 "$work/out/version")"
ok

# Every command's help (a module missing from the runtime shows here first), then one real command of each.
same help --help
for c in datasets fields list get create update enable disable delete check apply completion sandbox help; do
  same "help-$c" "$c" --help
done
same completion-bash completion bash
same completion-zsh completion zsh
same completion-fish completion fish
same datasets datasets
same datasets-json datasets -o json
same fields fields
same fields-names fields -o names
same fields-json fields --dataset http_requests -o json
same create-dry-run create --intake-key AbCdEfGhIjKlMnOpQrStUvWxYz012345 --dry-run
cat > "$work/sekoia.yaml" <<'YAML'
jobs:
  - zones: [zone1.example.com, zone2.example.com]
    dataset: firewall_events
    intake_key: ${SEKOIA_FIREWALL_KEY}
    fields: sekoia
YAML
same apply-plan apply -f "$work/sekoia.yaml" --plan
# Writes go through the bundle only (the jar would see the changed state), then reads are compared.
write() { bundle "$@" > /dev/null 2> "$work/out/write.err" || fail "'logpush $*' exited $? through the bundle: $(head -c 300 "$work/out/write.err")"; ok; }
write create --intake-key AbCdEfGhIjKlMnOpQrStUvWxYz012345
write update 1 --name sekoia-renamed
write disable 1
write enable 1
write apply -f "$work/sekoia.yaml"
sleep 3   # past the sandbox's first batch of the jobs just enabled (2 s), so that both runs below see the same state
times=1 same list list
times=1 same list-json list -o json
times=1 same get get 1
times=1 same get-json get 1 -o json
times=1 same check check -o json
times=1 same check-table check
# Locale-independent output without the runtime's locale data (jdk.localedata is not in the bundle).
sandbox_env+=(LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8)
times=1 same de-list list
times=1 same de-get get 1
same de-fields fields
write delete 1 --yes

# The cache is the one shipped, used as is: the JVM refuses to start when it cannot use it (AOTMode=on, Xshare:on),
# and nothing in the install was written (no re-training, no new file).
# (datasets, not --version: the launcher answers --version from lib/version.txt without a JVM)
out=$(env -i PATH="$work/tools" HOME="$work/home" JDK_JAVA_OPTIONS="$use_cache" "$top/bin/logpush" datasets 2>&1) \
  || fail "the JVM cannot use the shipped cache: $out"
ok
[ -z "$(find "$dest" -newer "$work/before" -print -quit)" ] || fail "the install was written to: $(find "$dest" -newer "$work/before" | head -3)"
ok

# Read-only install, through a symlink, from another directory; as another user too when running as root (root
# writes anywhere).
chmod -R a-w "$dest"
ln -s "$top/bin/logpush" "$work/home/logpush"
(cd "$work/home" && env -i PATH="$work/tools" HOME="$work/home" ./logpush datasets -o json > "$work/out/ro" 2> "$work/out/ro.err") \
  || fail "read-only, through a symlink: exit $?"
[ ! -s "$work/out/ro.err" ] && cmp -s "$work/out/ro" "$work/out/datasets-json.ref" || fail "read-only, through a symlink: output changed"
(cd "$top/bin" && env -i PATH="$work/tools" HOME="$work/home" JDK_JAVA_OPTIONS="$use_cache" ./logpush datasets > /dev/null 2>&1) \
  || fail "./logpush from bin/: the cache is not used"
ok
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
  out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH="$work/tools" HOME=/nonexistent \
        JDK_JAVA_OPTIONS="$use_cache" "$top/bin/logpush" datasets -o json 2>/dev/null) || fail "as nobody: exit $?"
  [ "$out" = "$(cat "$work/out/datasets-json.ref")" ] || fail "as nobody: output changed"
  ok
fi
[ -z "$(find "$dest" -newer "$work/before" -print -quit)" ] || fail "the install was written to"
echo "bundle test: $passed passed, 0 failed ($(basename "$tarball"))"
