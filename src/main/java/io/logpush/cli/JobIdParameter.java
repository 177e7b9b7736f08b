package io.logpush.cli;

import picocli.CommandLine.Parameters;

/** JOB_ID: the one job a command works on. */
public final class JobIdParameter {
    @Parameters(index = "0", paramLabel = "JOB_ID", converter = Converters.JobId.class,
            description = "The job's ID (see 'logpush list').")
    long jobId;
}
