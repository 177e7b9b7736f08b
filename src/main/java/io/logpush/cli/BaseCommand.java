package io.logpush.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.logpush.core.LogpushException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand has: the run's context, its output options, and rendering helpers. */
abstract class BaseCommand implements Callable<Integer> {
    @ParentCommand
    LogpushCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    Context ctx() {
        return root.context();
    }

    PrintWriter out() {
        return ctx().out();
    }

    boolean tty() {
        return ctx().terminal().stdoutTty();
    }

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
