package io.logpush.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "logpush", mixinStandardHelpOptions = true, versionProvider = Version.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "Set up and run the Cloudflare Logpush jobs that carry security logs into Sekoia.io.",
        description = {
            "%nlogpush lists a dataset's fields, creates Logpush jobs pointed at a Sekoia intake with the fields and "
                + "timestamp format Sekoia's parsers expect, and updates, enables, disables and deletes them.",
            "%nCredentials come from CLOUDFLARE_API_TOKEN (or --api-token-file); the zone from --zone or "
                + "CLOUDFLARE_ZONE_ID; the account from --account or CLOUDFLARE_ACCOUNT_ID."
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  export CLOUDFLARE_API_TOKEN=...   # a token with Zone > Logs > Edit",
            "  logpush fields --zone example.com -o names",
            "  logpush create --zone example.com --intake-key-file key.txt",
            "  logpush list --zone example.com --sekoia",
            "%nRun 'logpush COMMAND --help' for a command's options."
        })
public final class LogpushCommand implements Callable<Integer> {
    /**
     * The subcommands by name, in help order. They are registered by {@link Cli#build} rather than by the
     * annotation, so that a command line builds the picocli model of the one subcommand it runs: the
     * model of all of them is most of a run's start-up. A test checks this table against the annotations.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();
    static final Map<String, String> ALIASES = Map.of("ls", "list");

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("datasets", DatasetsCommand.class);
        m.put("fields", FieldsCommand.class);
        m.put("list", ListCommand.class);
        m.put("get", GetCommand.class);
        m.put("create", CreateCommand.class);
        m.put("update", UpdateCommand.class);
        m.put("enable", EnableCommand.class);
        m.put("disable", DisableCommand.class);
        m.put("delete", DeleteCommand.class);
        m.put("check", CheckCommand.class);
        m.put("intakes", IntakesCommand.class);
        m.put("alerts", AlertsCommand.class);
        m.put("apply", ApplyCommand.class);
        m.put("export", ExportCommand.class);
        m.put("completion", CompletionCommand.class);
        m.put("sandbox", SandboxCommand.class);
        m.put("__complete", CompleteCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return m;
    }

    private final Context context;

    @Spec
    CommandSpec spec;

    LogpushCommand(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    @Override
    public Integer call() {
        PrintWriter err = context.err();
        err.println("Usage: logpush COMMAND [OPTIONS]");
        err.println("Commands: " + String.join(", ", SUBCOMMANDS.keySet()));
        err.println("hint: 'logpush --help' describes them; 'logpush COMMAND --help' shows a command's options");
        err.flush();
        return ExitCode.USAGE.code();
    }
}
