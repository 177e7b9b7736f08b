package io.logpush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps the package graph one-way, read from the main sources' imports (no library needed):
 * cli → apply → jobs → cloudflare | sekoia → http → model, siblings never importing each other, model
 * importing nothing of the project, and the sandbox nothing but model.
 */
class ArchitectureTest {
    /** What each package may import of the project. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "model", Set.of(),
            "http", Set.of("model"),
            "cloudflare", Set.of("model", "http"),
            "sekoia", Set.of("model", "http"),
            "jobs", Set.of("model", "http", "cloudflare", "sekoia"),
            "apply", Set.of("model", "http", "cloudflare", "sekoia", "jobs"),
            "sandbox", Set.of("model"),
            "cli.render", Set.of("model", "http", "cloudflare", "sekoia", "jobs", "apply"),
            "cli", Set.of("model", "http", "cloudflare", "sekoia", "jobs", "apply", "sandbox", "cli.render"));

    private static final Path MAIN = Path.of("src/main/java/io/logpush");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.logpush\\.((?:cli\\.render)|[a-z]+)\\.");

    /** Package (relative to io.logpush) to the project packages its files refer to. */
    static Map<String, Set<String>> graph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path file : sources()) {
            String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
            Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
            for (String line : lines(file)) {
                if (line.startsWith("package ")) {
                    continue;
                }
                Matcher m = REFERENCE.matcher(line);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    @Test
    void packagesImportOnlyTheLayersBelowThem() {
        Map<String, Set<String>> graph = graph();
        assertThat(graph.keySet()).as("every package has a place in the picture").isSubsetOf(ALLOWED.keySet());
        List<String> wrong = new ArrayList<>();
        graph.forEach((pkg, uses) -> uses.stream().filter(u -> !ALLOWED.get(pkg).contains(u))
                .forEach(u -> wrong.add(pkg + " → " + u)));
        assertThat(wrong).as("imports against the direction of the layers").isEmpty();
    }

    @Test
    void theBottomLayersStandAlone() {
        Map<String, Set<String>> graph = graph();
        assertThat(graph.get("model")).isEmpty();
        assertThat(graph.get("sandbox")).containsOnly("model");
        assertThat(graph.get("cloudflare")).doesNotContain("sekoia");
        assertThat(graph.get("sekoia")).doesNotContain("cloudflare");
    }

    /** A qualified name of the JDK's or the project's: {@code java.util.Set}, {@code javax.net.ssl.X}, ... */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:java|javax|io\\.logpush)\\.[a-z_][a-z0-9_]*\\.");

    @Test
    void classesAreImportedNotNamedInline() {
        List<String> inline = new ArrayList<>();
        for (Path file : sources()) {
            List<String> code = code(lines(file));
            for (int i = 0; i < code.size(); i++) {
                String line = code.get(i).trim();
                if (!line.startsWith("import ") && !line.startsWith("package ") && QUALIFIED.matcher(line).find()) {
                    inline.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertThat(inline).as("fully qualified names where an import belongs").isEmpty();
    }

    @Test
    void theInlineNameCheckSeesCodeOnly() {
        List<String> code = code(List.of(
                "Set<String> s = new java.util.TreeSet<>(); // java.util.List",
                "String t = \"java.util.Set\" + 'j'; /* java.io.File",
                "   java.io.IOException */ throw new java.io.IOException();",
                "String b = \"\"\"",
                "    java.util.Map \\\"\"\"",
                "    \"\"\"; javax.net.ssl.SSLContext c;"));
        assertThat(code).hasSize(6);
        assertThat(code.stream().filter(l -> QUALIFIED.matcher(l).find()))
                .containsExactly("Set<String> s = new java.util.TreeSet<>(); ", " throw new java.io.IOException();",
                        "; javax.net.ssl.SSLContext c;");
    }

    /**
     * The lines of a source with its comments, string and character literals and text blocks blanked, line for line.
     */
    static List<String> code(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean comment = false;
        boolean textBlock = false;
        for (String line : lines) {
            StringBuilder kept = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                if (comment) {
                    int end = line.indexOf("*/", i);
                    comment = end < 0;
                    i = end < 0 ? line.length() : end + 2;
                } else if (textBlock) {
                    int end = closing(line, i, "\"\"\"");
                    textBlock = end < 0;
                    i = end < 0 ? line.length() : end + 3;
                } else if (line.startsWith("//", i)) {
                    i = line.length();
                } else if (line.startsWith("/*", i)) {
                    comment = true;
                    i += 2;
                } else if (line.startsWith("\"\"\"", i)) {
                    textBlock = true;
                    i += 3;
                } else if (line.charAt(i) == '"' || line.charAt(i) == '\'') {
                    int end = closing(line, i + 1, String.valueOf(line.charAt(i)));
                    i = end < 0 ? line.length() : end + 1;
                } else {
                    kept.append(line.charAt(i++));
                }
            }
            out.add(kept.toString());
        }
        return out;
    }

    /** Where {@code quote} closes from {@code from} on, skipping escaped characters; -1 if not on this line. */
    private static int closing(String line, int from, String quote) {
        for (int i = from; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.startsWith(quote, i)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> sources() {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
