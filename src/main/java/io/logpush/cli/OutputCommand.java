package io.logpush.cli;

import io.logpush.cli.render.Style;
import io.logpush.cli.render.Table;
import picocli.CommandLine.Mixin;

/** A subcommand that prints a result as a table or JSON (-o/--output, --no-color). */
abstract class OutputCommand extends BaseCommand {
    @Mixin
    OutputOptions output;

    Style style() {
        return style(output.color);
    }

    void print(Table table) {
        print(table, output.color);
    }
}
