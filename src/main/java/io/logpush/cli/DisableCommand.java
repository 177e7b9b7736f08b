package io.logpush.cli;

import picocli.CommandLine.Command;

@Command(name = "disable", mixinStandardHelpOptions = true,
        header = "Disable a Logpush job (PUT {\"enabled\": false}) without deleting it.",
        footerHeading = "%nExamples:%n",
        footer = {"  logpush disable 147 --zone example.com"})
final class DisableCommand extends ToggleCommand {
    @Override
    boolean enable() {
        return false;
    }
}
