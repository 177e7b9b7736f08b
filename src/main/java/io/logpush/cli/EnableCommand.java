package io.logpush.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "enable", mixinStandardHelpOptions = true,
        header = "Enable a Logpush job (PUT {\"enabled\": true}); an enabled job is left alone.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush enable 147 --zone example.com",
            "  logpush enable 147 --zone example.com --wait 20m   # then wait for its events in Sekoia",
        })
final class EnableCommand extends ToggleCommand {
    @Mixin
    SekoiaOptions sekoia;

    @Mixin
    WaitOptions waiting;

    @Override
    boolean enable() {
        return true;
    }

    @Override
    WaitOptions waitOptions() {
        return waiting;
    }

    @Override
    SekoiaOptions sekoiaOptions() {
        return sekoia;
    }
}
