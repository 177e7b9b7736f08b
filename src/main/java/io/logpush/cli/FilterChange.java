package io.logpush.cli;

import io.logpush.model.Filter;
import picocli.CommandLine.Option;

/** --filter or --clear-filter, as update takes them: one of the two. */
public final class FilterChange {
    @Option(names = "--filter", paramLabel = "JSON", description = FilterOption.DESCRIPTION)
    String filter;

    @Option(names = "--clear-filter", description = "Remove the job's filter.")
    boolean clear;

    /** The filter to want: checked and compacted, "" to clear, or null (no change). */
    static String value(FilterChange change) {
        if (change == null) {
            return null;
        }
        return change.clear ? "" : Filter.normalise(change.filter, "--filter");
    }
}
