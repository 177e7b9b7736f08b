package io.logpush.cli;

import picocli.CommandLine.Option;

/** --dry-run, for every command that changes a job. */
public final class WriteOptions {
    @Option(names = "--dry-run",
            description = "Do the reads, send nothing that changes Cloudflare, and print the request as a curl "
                    + "command (-o json: {method, url, body}).")
    boolean dryRun;
}
