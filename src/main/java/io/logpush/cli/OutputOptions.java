package io.logpush.cli;

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

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table or json (check also: prometheus). Default: ${DEFAULT-VALUE}. "
                    + "On a pipe, table prints tab-separated rows without header or colour.")
    void format(Format format) {
        if (format == Format.prometheus && mixee != null && !PROMETHEUS_COMMAND.equals(mixee.name())) {
            throw new ParameterException(mixee.commandLine(), "-o prometheus is only for 'logpush "
                    + PROMETHEUS_COMMAND + "': use -o table or -o json");
        }
        this.format = format;
    }

    @Mixin
    ColorOption color;

    /** Whether shell completion offers {@code value} for {@code arg}: -o prometheus only to check. */
    static boolean completes(ArgSpec arg, String value) {
        return !(arg.paramLabel().equals("FORMAT") && arg.type() == Format.class
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
