package io.logpush.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** -o/--output table|json and --no-color, shared by every command that prints a result. */
public final class OutputOptions {
    /** Output formats. */
    public enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}. "
                    + "On a pipe, table prints tab-separated rows without header or colour.")
    Format format = Format.table;

    @Mixin
    ColorOption color;

    boolean json() {
        return format == Format.json;
    }

    /** --no-color. */
    public static final class ColorOption {
        @Option(names = "--no-color",
                description = "Print no colour (also when NO_COLOR is set or stdout is not a terminal).")
        boolean noColor;
    }
}
