package io.logpush.cli;

import picocli.CommandLine.Option;

/** -o/--output and --no-color, shared by every command that prints a result. */
public final class OutputOptions {
    /** Output formats; {@code names} is for {@code logpush fields} only. */
    public enum Format { table, json, names }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table or json (fields also takes names). Default: ${DEFAULT-VALUE}. "
                    + "On a pipe, table prints tab-separated rows without header or colour.")
    Format format = Format.table;

    @Option(names = "--no-color", description = "Print no colour (also when NO_COLOR is set or stdout is not a terminal).")
    boolean noColor;

    Format format() {
        return format;
    }

    boolean json() {
        return format == Format.json;
    }
}
