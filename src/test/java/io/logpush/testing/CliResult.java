package io.logpush.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

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
