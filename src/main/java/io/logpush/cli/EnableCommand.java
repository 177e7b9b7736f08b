package io.logpush.cli;

import picocli.CommandLine.Command;

@Command(name = "enable", mixinStandardHelpOptions = true,
        header = "Enable a Logpush job (PUT {\"enabled\": true}); an enabled job is left alone.",
        footerHeading = "%nExamples:%n",
        footer = {"  logpush enable 147 --zone example.com"})
final class EnableCommand extends ToggleCommand {
    @Override
    boolean enable() {
        return true;
    }
}
