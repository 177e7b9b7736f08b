package io.logpush.cli;

import io.logpush.core.LogpushException;
import picocli.CommandLine.Mixin;

/** A subcommand that prints a result: -o/--output, colour, and the table and JSON renderers. */
abstract class OutputCommand extends BaseCommand {
    @Mixin
    OutputOptions output;

    Style style() {
        return new Style(ctx().color(output.noColor));
    }

    /** Rejects -o names for commands that print jobs. */
    void tableOrJson() {
        if (output.format() == OutputOptions.Format.names) {
            throw LogpushException.usage("-o names is only for 'logpush fields'; use table or json",
                    "logpush " + spec.name() + " -o json");
        }
    }

    void print(Table table) {
        table.print(out(), tty(), style());
    }
}
