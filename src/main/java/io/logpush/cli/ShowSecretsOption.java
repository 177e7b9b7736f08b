package io.logpush.cli;

import picocli.CommandLine.Option;

/** --show-secrets, for the commands that print a job or the request that writes one. */
public final class ShowSecretsOption {
    @Option(names = "--show-secrets",
            description = "Print destinations unmasked, intake keys included (in jobs and in --dry-run requests).")
    boolean showSecrets;
}
