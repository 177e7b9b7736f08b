# logpush: build, test, install. Needs JDK 17+ and Maven (dependencies come from Maven Central).
PREFIX ?= $(HOME)/.local
MVN ?= mvn
MVN_FLAGS ?= -B --no-transfer-progress

VERSION := $(shell sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)
JAR := target/logpush.jar
LAUNCHER := target/logpush
# make bundle: a release with its own Java runtime, linked from this JDK: by default the newest JDK 17 or later under
# /usr/lib/jvm (one with bin/jlink; the feature version read from its release file), else the JDK of the java on PATH.
ifeq ($(origin BUNDLE_JDK),undefined)
BUNDLE_JDK := $(or $(shell for d in /usr/lib/jvm/*/; do [ -x "$$d/bin/jlink" ] || continue; \
  v=$$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$$d/release" 2>/dev/null); \
  [ -n "$$v" ] && [ "$$v" -ge 17 ] && echo "$$v $${d%/}"; done | sort -n | tail -1 | cut -d' ' -f2-),\
  $(shell j=$$(command -v java) && dirname "$$(dirname "$$(readlink -f "$$j")")"))
endif
BUNDLE_ARCH := $(patsubst x86_64,x64,$(shell uname -m))
BUNDLE := target/logpush-$(VERSION)-linux-$(BUNDLE_ARCH).tar.gz

.PHONY: all build test test-bundle install clean models completions docs man demo dist bundle bench

all: build

build: $(LAUNCHER)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) $(MVN_FLAGS) -q -DskipTests package

$(LAUNCHER): $(JAR) src/launcher/logpush
	sed 's|@JAR@|logpush.jar|' src/launcher/logpush > $@
	chmod 755 $@
	$@ --make-cds-archive

# Unit tests, the jar, the end-to-end tests (*IT) that run it as a subprocess, the dependency analysis,
# then an install into a fresh prefix, then the bundle, unpacked and run without any other Java. Maven is quiet
# (failures still print); the last line, which CI reads, is 'N passed, N failed' summed over the unit and
# end-to-end reports.
test:
	rm -rf target/surefire-reports target/failsafe-reports
	$(MVN) $(MVN_FLAGS) -q verify; status=$$?; \
	  if [ $$status -eq 0 ]; then src/test/sh/install-test.sh || status=$$?; fi; \
	  if [ $$status -eq 0 ]; then $(MAKE) test-bundle || status=$$?; fi; \
	  src/test/sh/test-summary.sh target || status=1; exit $$status

test-bundle: bundle
	src/test/sh/bundle-test.sh "$(BUNDLE)"

# target/logpush-VERSION.tar.gz with the installed layout, for a machine with Java 17+ (the class-data archive is
# made on first run).
dist: build man
	rm -rf target/dist && mkdir -p target/dist
	$(MAKE) -s install PREFIX="$(CURDIR)/target/dist/logpush-$(VERSION)"
	rm -f target/dist/logpush-$(VERSION)/lib/logpush/logpush.jsa*
	tar -C target/dist -czf target/logpush-$(VERSION).tar.gz logpush-$(VERSION)
	@echo target/logpush-$(VERSION).tar.gz

# target/logpush-VERSION-linux-ARCH.tar.gz: the tool with its own Java runtime and start-up cache (src/bundle/bundle.sh).
bundle: $(BUNDLE)

target/bundle-jdk:
	echo '$(BUNDLE_JDK)' > $@

target/dependency-list.txt: pom.xml
	$(MVN) $(MVN_FLAGS) -q dependency:list -DincludeScope=runtime -DoutputAbsoluteArtifactFilename=true \
	  -DoutputFile=target/dependency-list.txt

# Remade when BUNDLE_JDK changes: target/bundle-jdk holds the one it was made from.
ifneq ($(filter bundle test-bundle test bench,$(MAKECMDGOALS)),)
$(shell mkdir -p target && { [ "$$(cat target/bundle-jdk 2>/dev/null)" = '$(BUNDLE_JDK)' ] || echo '$(BUNDLE_JDK)' > target/bundle-jdk; })
endif

$(BUNDLE): $(JAR) target/man/man1/logpush.1 target/dependency-list.txt src/bundle/bundle.sh src/launcher/logpush-bundle \
           $(wildcard completions/*) LICENSE target/bundle-jdk
	src/bundle/bundle.sh "$(BUNDLE_JDK)" "$(VERSION)" "$@"

# Tools that derive files from the picocli model run from the test classpath (picocli-codegen, AsciidoctorJ).
target/test-classpath: pom.xml $(shell find src -type f 2>/dev/null)
	$(MVN) $(MVN_FLAGS) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath -Dmdep.includeScope=test
DOCS_TOOL = java -cp target/classes:target/test-classes:$$(cat target/test-classpath) io.logpush.cli.DocsTool

# The generated picocli model, src/main/java/io/logpush/cli/CommandModels.java (ModelGenerator, from the commands'
# annotations; the commands use it rather than read their annotations at start-up), then the committed completion
# scripts (tests fail when either is stale). The model is written from a build without it: after a change to the
# commands, the old one may not compile.
MODELS := src/main/java/io/logpush/cli/CommandModels.java
models:
	rm -f $(MODELS) target/classes/io/logpush/cli/CommandModels*.class
	$(MVN) $(MVN_FLAGS) -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath -Dmdep.includeScope=test
	$(DOCS_TOOL) models $(MODELS)

completions: models target/test-classpath
	$(DOCS_TOOL) completions completions

# The committed command reference, and man pages in target/man (not committed: their version stamp changes).
docs: target/test-classpath man
	$(DOCS_TOOL) reference docs/commands.md
	$(DOCS_TOOL) schema docs/apply.schema.json

man: target/man/man1/logpush.1

target/man/man1/logpush.1: target/test-classpath docs/apply.md
	$(DOCS_TOOL) man target/man

install: build man
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/lib/logpush"
	install -m 644 $(JAR) "$(DESTDIR)$(PREFIX)/lib/logpush/logpush.jar"
	sed 's|@JAR@|../lib/logpush/logpush.jar|' src/launcher/logpush > "$(DESTDIR)$(PREFIX)/bin/logpush"
	chmod 755 "$(DESTDIR)$(PREFIX)/bin/logpush"
	"$(DESTDIR)$(PREFIX)/bin/logpush" --make-cds-archive
	install -d "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 644 completions/logpush.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/logpush"
	install -m 644 completions/_logpush "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_logpush"
	install -m 644 completions/logpush.fish "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/logpush.fish"
	install -d "$(DESTDIR)$(PREFIX)/share/man/man1" "$(DESTDIR)$(PREFIX)/share/man/man5"
	install -m 644 target/man/man1/*.1 "$(DESTDIR)$(PREFIX)/share/man/man1/"
	install -m 644 target/man/man5/*.5 "$(DESTDIR)$(PREFIX)/share/man/man5/"

# Benchmarks (start-up, apply and check -f over 500 zones): write docs/performance.md (not part of make test).
bench: build bundle
	bench/startup.sh
	bench/goals.sh
	bench/apply.sh
	bench/check-fleet.sh

# The Sekoia guide end to end against 'logpush sandbox': no Cloudflare account, no network.
demo: build
	src/demo/demo.sh

clean:
	$(MVN) $(MVN_FLAGS) -q clean
