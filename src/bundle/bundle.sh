#!/usr/bin/env bash
# make bundle: a release that needs no Java. Usage: src/bundle/bundle.sh JDK VERSION OUT.tar.gz
#
# Lays out target/bundle/logpush-VERSION/ and packs it into OUT.tar.gz:
#   bin/logpush            the bundle launcher (src/launcher/logpush-bundle): only ever the bundle's runtime
#   lib/logpush.jar        the same jar as 'make build' (Java 17 bytecode)
#   lib/version.txt        what 'logpush --version' prints (the launcher answers it without starting Java)
#   lib/logpush.aot        the start-up cache, made here by a training run (io.logpush.cli.CdsTraining):
#                          an AOT cache on JDK 24+, else lib/logpush.jsa, an application class-data archive
#   runtime/               a Java runtime linked by JDK's jlink with only the modules the tool needs
#   share/                 completions (bash, zsh, fish) and man pages, as 'make install' lays them out
#   LICENSE, NOTICE        the tool's licence; what the bundle contains and under which licences
#   legal/                 the LICENSE and NOTICE files shipped inside the bundled libraries' jars
#   runtime/legal/         the runtime's own legal notices, as jlink writes them
# Needs target/logpush.jar, target/man/man1, target/dependency-list.txt (mvn dependency:list with absolute paths)
# and completions/: the Makefile makes them first.
set -euo pipefail
cd "$(dirname "$0")/../.."
jdk=$1 version=$2 out=$3
name=logpush-$version
stage=target/bundle
dir=$stage/$name
fail() { echo "bundle: error: $*" >&2; exit 1; }

for tool in java jlink jdeps jar; do [ -x "$jdk/bin/$tool" ] || fail "$jdk/bin/$tool not found: BUNDLE_JDK must be a JDK (17 or later)"; done
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null)
[ -n "$major" ] && [ "$major" -ge 17 ] || fail "$jdk: not a JDK 17 or later (its release file says '${major:-nothing}')"
# The JVMs these commands start must not pick up a user's options (a training run with foreign flags would make a
# cache the launcher cannot use).
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS

# The modules: what jdeps finds in the jar, less java.desktop, plus what is loaded by name only.
# - java.desktop: referenced for java.beans only, by Jackson (@ConstructorProperties, @Transient: looked up through
#   Java7Support, which does without them) and SnakeYAML's bean introspection (not used: jackson-dataformat-yaml
#   only uses its parser and emitter). It would add about 15 MB of AWT. The bundle test compares every command's
#   output with the jar on a full JDK.
# - jdk.crypto.ec: the elliptic-curve TLS key exchange and certificates (api.cloudflare.com), a provider found by
#   name; part of java.base since JDK 22, where the module is empty.
# Not needed, though a full JDK loads classes from them: jdk.net (optional socket options), jdk.localedata (messages
# and numbers are locale-independent), jdk.internal.le (a System.console() provider the tool must not use: it would
# make a pipe look like a terminal on JDK 22-24), java.naming, java.smartcardio, jdk.crypto.cryptoki (security
# providers listed in java.security, skipped when absent).
modules=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 target/logpush.jar)
modules=$(printf '%s\n' "${modules//,/$'\n'}" | grep -vx 'java.desktop' | paste -sd, -)
if [ "$major" -lt 22 ]; then modules=$modules,jdk.crypto.ec; fi
[ -z "${BUNDLE_ADD_MODULES:-}" ] || modules=$modules,$BUNDLE_ADD_MODULES
if [ "$major" -ge 21 ]; then compress=--compress=zip-6; else compress=--compress=2; fi
cds=
[ "$major" -ge 24 ] || cds=--generate-cds-archive   # the base archive a dynamic archive sits on

rm -rf "$stage"
mkdir -p "$dir/lib"
echo "bundle: jlink from $jdk (JDK $major): $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages $compress $cds \
  --output "$dir/runtime"

# The security providers: java.security lists the JDK's twelve, and the first request's set-up (OkHttp asks the JDK
# for the provider list) looks each one up, those of the modules left out included, through a service-loader scan of
# the runtime and the jar. Listed here: those whose module is in the runtime, in the JDK's order; a provider this
# table does not know is kept.
provider_module() {
  case $1 in
    SUN|SunRsaSign|SunJSSE|SunJCE) echo java.base ;;
    SunEC) if [ "$major" -ge 22 ]; then echo java.base; else echo jdk.crypto.ec; fi ;;
    SunJGSS) echo java.security.jgss ;;
    SunSASL) echo java.security.sasl ;;
    XMLDSig) echo java.xml.crypto ;;
    SunPCSC) echo java.smartcardio ;;
    JdkLDAP) echo java.naming ;;
    JdkSASL) echo jdk.security.jgss ;;
    SunPKCS11) echo jdk.crypto.cryptoki ;;
    *) echo java.base ;;
  esac
}
security=$dir/runtime/conf/security/java.security
linked=$("$dir/runtime/bin/java" --list-modules | sed 's/@.*//')
n=0
while IFS= read -r line; do
  case $line in
    security.provider.[0-9]*=*)
      provider=${line#*=}
      if printf '%s\n' "$linked" | grep -qx "$(provider_module "${provider%% *}")"; then
        n=$((n + 1)); printf 'security.provider.%d=%s\n' "$n" "$provider"
      fi ;;
    *) printf '%s\n' "$line" ;;
  esac
done < "$security" > "$security.new"
[ "$n" -gt 0 ] || fail "no security provider left in $security"
chmod --reference="$security" "$security.new" 2>/dev/null || true
mv "$security.new" "$security"
echo "bundle: security providers: $(sed -n 's/^security\.provider\.[0-9]*=//p' "$security" | paste -sd, -)"

install -d "$dir/bin" "$dir/share/bash-completion/completions" "$dir/share/zsh/site-functions" \
  "$dir/share/fish/vendor_completions.d" "$dir/share/man/man1" "$dir/share/man/man5" "$dir/legal"
install -m 755 src/launcher/logpush-bundle "$dir/bin/logpush"
install -m 644 target/logpush.jar "$dir/lib/logpush.jar"
install -m 644 completions/logpush.bash "$dir/share/bash-completion/completions/logpush"
install -m 644 completions/_logpush "$dir/share/zsh/site-functions/_logpush"
install -m 644 completions/logpush.fish "$dir/share/fish/vendor_completions.d/logpush.fish"
install -m 644 target/man/man1/*.1 "$dir/share/man/man1/"
install -m 644 target/man/man5/*.5 "$dir/share/man/man5/"
install -m 644 LICENSE "$dir/LICENSE"

# NOTICE: every library inside the jar with its version and licence, from Maven's dependency list; a library not
# in this table stops the build, so that a new dependency cannot ship without its licence being checked.
licence_of() {
  case $1 in
    com.squareup.okhttp3:*|com.squareup.okio:*|org.jetbrains.kotlin:kotlin-stdlib|org.jetbrains:annotations) echo Apache-2.0 ;;
    com.fasterxml.jackson.*:*|org.yaml:snakeyaml|org.fusesource.jansi:jansi|info.picocli:picocli) echo Apache-2.0 ;;
    *) return 1 ;;
  esac
}
picocli=$(sed -n 's|.*<picocli.version>\(.*\)</picocli.version>.*|\1|p' pom.xml)
runtime_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$dir/runtime/release")
runtime_vendor=$("$dir/runtime/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vendor = //p')
{
  echo "logpush $version, self-contained bundle"
  echo
  echo "logpush is licensed under the Apache License, Version 2.0 (LICENSE)."
  echo
  echo "lib/logpush.jar contains these libraries, each under the Apache License, Version 2.0 (the text is LICENSE);"
  echo "the LICENSE and NOTICE files shipped in their jars are under legal/<library>/:"
  echo
  printf '  %-60s %s\n' "info.picocli:picocli:$picocli (compiled from its sources)" "$(licence_of info.picocli:picocli)"
  while read -r coords _; do
    IFS=: read -r g a _ v _ path <<< "$coords"
    lic=$(licence_of "$g:$a") || fail "no licence known for $g:$a: check it and add it to licence_of in $0"
    printf '  %-60s %s\n' "$g:$a:$v" "$lic"
    entries=$("$jdk/bin/jar" tf "$path" | grep -E '^META-INF/([^/]*-)?(LICENSE|NOTICE)[^/]*$' || true)
    if [ -n "$entries" ]; then
      mkdir -p "$dir/legal/$a"
      # shellcheck disable=SC2086 # entry names have no spaces
      (cd "$dir/legal/$a" && "$jdk/bin/jar" xf "$path" $entries && mv META-INF/* . && rmdir META-INF)
    fi
  done < <(grep -E '^ +[^ ]+:[^ ]+:jar:' target/dependency-list.txt | sed 's/^ *//')
  echo
  echo "jackson-core contains a copy of FastDoubleParser (MIT licence; parts derived from fast_double_parser (BSL-1.0),"
  echo "fast_float (MIT) and bigint (BSD-2-Clause)): see legal/jackson-core/FastDoubleParser-NOTICE and thirdparty-LICENSE."
  echo
  echo "runtime/ is a Java runtime ($runtime_vendor OpenJDK $runtime_version) linked with jlink: GNU General"
  echo "Public License, version 2, with the Classpath Exception; runtime/legal/<module>/ holds its licence and the"
  echo "notices of the third-party code it contains."
} > "$dir/NOTICE"

# The start-up cache, by a training run with the launcher's flags; the launcher only reads it.
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
if [ "$major" -ge 24 ]; then
  cache=$dir/lib/logpush.aot
  train=(-XX:AOTCacheOutput="$cache")
  # Without the method profiles of JEP 515 (JDK 25+): C1 alone does not use them, and replaying them makes the JVM
  # compile at start-up the methods the training run made hot, which a short command never runs (measured: 10-15 %
  # less CPU for --help). Only the cache's content changes; the launcher's flags stay the same.
  [ "$major" -lt 25 ] || train=(-XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining "${train[@]}")
  check=(-XX:AOTMode=on -XX:AOTCache="$cache")
else
  cache=$dir/lib/logpush.jsa
  train=(-XX:ArchiveClassesAtExit="$cache")
  check=(-Xshare:on -XX:SharedArchiveFile="$cache")
fi
start=$(date +%s)
# The sandboxes it talks to (http, and https with its CA) run in JVMs of their own: every class of an AOT cache is
# loaded at each start-up, so the server's classes (the HTTP server, the certificate maker) must stay out of it.
sandbox_pids=()
trap 'for p in "${sandbox_pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
sandbox() {  # sandbox NAME ARGS...: starts one, sets $exports to its first export line
  local log=$stage/sandbox-$1.out; shift
  "$dir/runtime/bin/java" "${flags[@]}" -jar "$dir/lib/logpush.jar" sandbox --port 0 --quiet "$@" \
    > "$log" 2>&1 </dev/null &
  sandbox_pids+=($!)
  for _ in $(seq 300); do grep -q '^export ' "$log" && break; sleep 0.1; done
  exports=$(grep -m1 '^export ' "$log") || { cat "$log" >&2; fail "the training sandbox did not start"; }
}
sandbox http --zones 2; http_exports=$exports
sandbox https --tls; https_exports=$exports
"$dir/runtime/bin/java" "${flags[@]}" "${train[@]}" -cp "$PWD/$dir/lib/logpush.jar" io.logpush.cli.CdsTraining \
  "$http_exports" "$https_exports" > "$stage/training.log" 2>&1 </dev/null \
  || { cat "$stage/training.log" >&2; fail "the training run failed"; }
for p in "${sandbox_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
sandbox_pids=()
[ -f "$cache" ] || { cat "$stage/training.log" >&2; fail "the training run made no $cache"; }
rm -f "$cache.config"
chmod 644 "$cache"
echo "bundle: training run $(( $(date +%s) - start )) s, ${cache#"$stage/"} $(du -k "$cache" | cut -f1) KB"
# The JVM must be able to use it, or refuse to start (AOTMode=on, Xshare:on); and it must say nothing.
"$dir/runtime/bin/java" "${flags[@]}" "${check[@]}" -jar "$dir/lib/logpush.jar" --version > "$stage/check.out" 2>&1 \
  || { cat "$stage/check.out" >&2; fail "the runtime cannot use $cache"; }
grep -q '^logpush ' "$stage/check.out" && [ "$(wc -l < "$stage/check.out")" -eq 2 ] \
  || { cat "$stage/check.out" >&2; fail "unexpected output with $cache"; }
# What 'logpush --version' prints, which the launcher prints itself: a version check starts no JVM.
install -m 644 "$stage/check.out" "$dir/lib/version.txt"

# Times are kept: the class-data archive of a JDK before 24 checks the jar's modification time.
tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$out" "$name"
echo "bundle: $out, $(du -k "$out" | cut -f1) KB compressed, $(du -sk "$dir" | cut -f1) KB unpacked"
