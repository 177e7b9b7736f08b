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

    @Test
    void projectClassesAreImportedNotNamedInline() {
        List<String> inline = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (!line.startsWith("import ") && !line.startsWith("package ") && !line.startsWith("*")
                        && !line.startsWith("//") && line.matches(".*\\b(io\\.logpush|java\\.(util|io|nio|net))\\.[a-z]+.*")
                        && !line.contains("\"")) {
                    inline.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertThat(inline).as("fully qualified names where an import belongs").isEmpty();
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
