package io.logpush.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * -o/--output table|json and --no-color, shared by every command that prints a result; {@code check} alone also
 * prints prometheus (metrics for a monitoring system), which the others refuse as a usage error.
 */
public final class OutputOptions {
    /** Output formats. */
    public enum Format { table, json, prometheus }

    /** The only command that prints -o prometheus. */
    static final String PROMETHEUS_COMMAND = "check";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    Format format = Format.table;

    /** -o's values for shell completion (the command's own are {@link #completes}). */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Format.values()).map(Format::name).iterator();
        }
    }

    /**
     * -o, parsed here rather than by picocli so that the error names the values of this command (check's include
     * prometheus) and prometheus elsewhere is a usage error that says where it belongs.
     */
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            completionCandidates = Formats.class,
            description = "Output format: table or json (check also: prometheus). Default: ${DEFAULT-VALUE}. "
                    + "On a pipe, table prints tab-separated rows without header or colour.")
    void format(String value) {
        boolean check = mixee == null || PROMETHEUS_COMMAND.equals(mixee.name());
        List<String> valid = Arrays.stream(Format.values()).filter(f -> check || f != Format.prometheus)
                .map(Format::name).toList();
        if (!check && Format.prometheus.name().equals(value)) {
            throw new ParameterException(mixee.commandLine(), "-o prometheus is only for 'logpush "
                    + PROMETHEUS_COMMAND + "': use -o table or -o json");
        }
        if (!valid.contains(value)) {
            throw new ParameterException(mixee.commandLine(), "Invalid value for option '--output': expected one of "
                    + valid + " but was '" + value + "'");
        }
        this.format = Format.valueOf(value);
    }

    @Mixin
    ColorOption color;

    /** Whether shell completion offers {@code value} for {@code arg}: -o prometheus only to check. */
    static boolean completes(ArgSpec arg, String value) {
        return !(arg.completionCandidates() instanceof Formats
                && value.equals(Format.prometheus.name()) && arg.command() != null
                && !PROMETHEUS_COMMAND.equals(arg.command().name()));
    }

    boolean json() {
        return format == Format.json;
    }

    boolean prometheus() {
        return format == Format.prometheus;
    }

    /** --no-color. */
    public static final class ColorOption {
        @Option(names = "--no-color",
                description = "Print no colour (also when NO_COLOR is set or stdout is not a terminal).")
        boolean noColor;
    }
}
