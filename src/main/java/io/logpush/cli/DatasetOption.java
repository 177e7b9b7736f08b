package io.logpush.cli;

import picocli.CommandLine.Option;

/** -d/--dataset: the dataset a command works on, or narrows to. */
public final class DatasetOption {
    /** The dataset of the Sekoia guide, for the commands that need one. */
    static final String DEFAULT = "firewall_events";

    @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET", converter = Converters.Dataset.class,
            completionCandidates = Candidates.DatasetNames.class,
            description = "The dataset ('logpush datasets' lists Sekoia's). For fields and create, Default: "
                    + DEFAULT + "; for list and check, only this dataset's jobs.")
    String dataset;

    /** The dataset given, or null. */
    String orNull() {
        return dataset;
    }

    /** The dataset given, or the guide's. */
    String orDefault() {
        return dataset != null ? dataset : DEFAULT;
    }
}
