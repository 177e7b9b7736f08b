package io.logpush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cli.Main;

/** One run of the tool through its entry point: exit code, stdout, stderr. */
public record CliResult(int code, String out, String err) {
    /** Runs {@code args} through {@link Main#run} with the given terminal and environment. */
    public static CliResult run(Main.Terminal terminal, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(terminal, new PrintWriter(out), new PrintWriter(err), env, args);
        return new CliResult(code, out.toString(), err.toString());
    }

    /**
     * Runs the built jar ({@code java -jar jar args}, this JVM's java) as a subprocess with stdin closed, its
     * environment's Cloudflare and Sekoia variables replaced by {@code env}; at most 60 s.
     */
    public static CliResult runJar(Path jar, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("CLOUDFLARE_") || k.startsWith("SEKOIA_")
                || k.equals("CF_API_TOKEN"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the run ends within 60 s").isTrue();
        return new CliResult(p.exitValue(), out, err.get());
    }

    /** All of a stream, as UTF-8; what was read when it fails. */
    public static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public JsonNode json() {
        return Fixtures.json(out);
    }

    /** stdout with runs of spaces folded, for checks that do not depend on column widths. */
    public String text() {
        return out.replaceAll(" {2,}", " ");
    }

    /** Asserts the exit code; a failure shows stdout and stderr (kcctl's runAndEnsureExitCodeOk). */
    public CliResult assertExit(int expected) {
        assertThat(code).as("exit code\n--- stdout:\n%s--- stderr:\n%s", out, err).isEqualTo(expected);
        return this;
    }
}
