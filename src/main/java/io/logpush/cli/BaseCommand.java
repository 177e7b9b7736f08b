package io.logpush.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.logpush.cli.render.Style;
import io.logpush.cli.render.Table;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand has: the run's context and its streams. */
abstract class BaseCommand implements Callable<Integer> {
    @ParentCommand
    LogpushCommand root;

    @Spec
    CommandSpec spec;

    Context ctx() {
        return root.context();
    }

    PrintWriter out() {
        return ctx().out();
    }

    boolean tty() {
        return ctx().terminal().stdoutTty();
    }

    Style style(OutputOptions.ColorOption color) {
        return new Style(ctx().color(color.noColor));
    }

    void print(Table table, OutputOptions.ColorOption color) {
        table.print(out(), tty(), style(color), ctx().columns());
    }
}
