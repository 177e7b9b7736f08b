package io.logpush.cli;

import io.logpush.model.Filter;
import picocli.CommandLine.Option;

/** --filter, as create takes it: the Logpush filter to set. */
public final class FilterOption {
    static final String DESCRIPTION = "Logpush filter, a JSON object with a \"where\" key (at most 1,000 bytes).";

    @Option(names = "--filter", paramLabel = "JSON", description = DESCRIPTION)
    String filter;

    /** The filter checked and compacted, or null. */
    String value() {
        return filter == null ? null : Filter.normalise(filter, "--filter");
    }
}
