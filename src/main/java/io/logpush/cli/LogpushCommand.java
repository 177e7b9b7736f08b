package io.logpush.cli;

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
        },
        subcommands = {
            DatasetsCommand.class, FieldsCommand.class, ListCommand.class, GetCommand.class,
            CreateCommand.class, UpdateCommand.class, EnableCommand.class, DisableCommand.class,
            DeleteCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class
        })
public final class LogpushCommand implements Callable<Integer> {
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
        spec.commandLine().usage(context.out());
        return 0;
    }
}
