package io.logpush.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", mixinStandardHelpOptions = true,
        header = "Print the shell completion script for bash, zsh or fish.",
        description = {
            "%nWhere to put the script ('make install' installs all three under PREFIX/share; bash and fish look",
            "there when PREFIX is /usr/local or ~/.local, zsh only once the directory is in $fpath):",
            "  bash  add 'source <(logpush completion bash)' to ~/.bashrc, or save it as",
            "        ~/.local/share/bash-completion/completions/logpush",
            "  zsh   save it as _logpush in a directory of $fpath, before compinit runs; after",
            "        'make install PREFIX=~/.local', add to ~/.zshrc, before compinit:",
            "        fpath=(~/.local/share/zsh/site-functions $fpath)",
            "  fish  save it as ~/.config/fish/completions/logpush.fish",
            "%nValues from the account: --zone completes the zone names, JOB_ID (get, update, enable, disable,",
            "delete, check) the job IDs of the --zone or --account on the line (or CLOUDFLARE_ZONE_ID,",
            "CLOUDFLARE_ACCOUNT_ID), --intake-name Sekoia's intake names (with SEKOIA_API_KEY). The credentials",
            "come from the environment, never the command line; each tab waits at most 2 s and shows nothing",
            "on an error. --output-option completes its keys.",
        },
        footerHeading = "%nExamples:%n",
        footer = {"  logpush completion bash > ~/.local/share/bash-completion/completions/logpush",
            "  logpush completion zsh > ~/.zfunc/_logpush"})
final class CompletionCommand extends BaseCommand {
    enum Shell { bash, zsh, fish }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        var root = spec.root();
        String script = switch (shell) {
            case bash -> Completions.bash(root.commandLine());
            case zsh -> Completions.zsh(root);
            case fish -> Completions.fish(root);
        };
        out().print(script);
        return 0;
    }
}
