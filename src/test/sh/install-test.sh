#!/usr/bin/env bash
# Part of 'make test': install into a fresh prefix and run the installed tool, as a user would.
set -euo pipefail
cd "$(dirname "$0")/../../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install test: FAILED: $*" >&2; exit 1; }
# A prefix with a space (issue 18): the Makefile and the launcher quote every path, and nothing lands in the source
# tree.
prefix="$tmp/a prefix"
untracked() { git status --porcelain --untracked-files=all 2>/dev/null || true; }
before=$(untracked)
make -s install PREFIX="$prefix" >/dev/null
[ "$(untracked)" = "$before" ] || fail "make install wrote into the source tree: $(untracked)"
for f in bin/logpush lib/logpush/logpush.jar lib/logpush/logpush.jsa share/bash-completion/completions/logpush \
         share/zsh/site-functions/_logpush share/fish/vendor_completions.d/logpush.fish share/man/man1/logpush.1 \
         share/man/man1/logpush-create.1 share/man/man5/logpush-apply.5; do
  [ -e "$prefix/$f" ] || fail "$f is missing"
done
version=$("$prefix/bin/logpush" --version) || fail "logpush --version exited $?"
case $version in "logpush "*) ;; *) fail "unexpected --version output: $version" ;; esac
datasets=$("$prefix/bin/logpush" datasets) || fail "logpush datasets exited $?"
[ "$(printf '%s\n' "$datasets" | wc -l)" -eq 9 ] || fail "logpush datasets printed $(printf '%s\n' "$datasets" | wc -l) lines, not 9"
json=$("$prefix/bin/logpush" datasets -o json 2>/dev/null)
case $json in '['*) ;; *) fail "stdout of -o json does not start with [" ;; esac
# A stale archive (another JDK, a rebuilt jar) must not print anything on stdout.
touch "$prefix/lib/logpush/logpush.jar"
out=$("$prefix/bin/logpush" datasets -o json 2>/dev/null)
[ "$out" = "$json" ] || fail "a stale class-data archive changed stdout"
# Another JDK (the java-maven machines have Temurin beside OpenJDK): the archive of one must neither break nor print
# anything under the other, in either direction, and each gets its own archive back.
current=$(readlink -f "$(command -v java)")
for other in /usr/lib/jvm/*/bin/java; do
  [ -x "$other" ] || continue
  [ "$(readlink -f "$other")" = "$current" ] && continue
  home=${other%/bin/java}
  for run in 1 2; do
    out=$(JAVA_HOME=$home "$prefix/bin/logpush" datasets -o json 2>"$tmp/err") || fail "under $home: exit $?"
    [ "$out" = "$json" ] || fail "under $home: stdout differs"
    [ ! -s "$tmp/err" ] || fail "under $home: stderr: $(head -c 300 "$tmp/err")"
  done
  out=$("$prefix/bin/logpush" datasets -o json 2>"$tmp/err") || fail "back on the default JDK: exit $?"
  [ "$out" = "$json" ] && [ ! -s "$tmp/err" ] || fail "back on the default JDK: output changed"
  break
done
ln -s "$prefix/bin/logpush" "$tmp/link-to-logpush"
"$tmp/link-to-logpush" --version >/dev/null || fail "the launcher does not work through a symlink"
# The archive is used from a path with a space: -Xshare:on makes the JVM fail when it cannot map it.
out=$(JDK_JAVA_OPTIONS=-Xshare:on "$prefix/bin/logpush" --version 2>&1) || fail "the class-data archive is not used: $out"
echo "install test: 1 passed, 0 failed"
