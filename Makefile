# logpush: build, test, install. Needs JDK 17+ and Maven (dependencies come from Maven Central).
PREFIX ?= $(HOME)/.local
MVN ?= mvn
MVN_FLAGS ?= -B --no-transfer-progress

JAR := target/logpush.jar
LAUNCHER := target/logpush

.PHONY: all build test install clean

all: build

build: $(LAUNCHER)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) $(MVN_FLAGS) -q -DskipTests package

$(LAUNCHER): $(JAR) src/launcher/logpush
	sed 's|@JAR@|logpush.jar|' src/launcher/logpush > $@
	chmod 755 $@

test:
	$(MVN) $(MVN_FLAGS) test

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/logpush
	install -m 644 $(JAR) $(DESTDIR)$(PREFIX)/lib/logpush/logpush.jar
	sed 's|@JAR@|../lib/logpush/logpush.jar|' src/launcher/logpush > $(DESTDIR)$(PREFIX)/bin/logpush
	chmod 755 $(DESTDIR)$(PREFIX)/bin/logpush

clean:
	$(MVN) $(MVN_FLAGS) -q clean
