package io.logpush.jobs;

import java.util.List;
import java.util.Optional;

import io.logpush.model.Job;
import io.logpush.model.Scope;
import io.logpush.sekoia.Destination;

/**
 * Whether a zone or account found by --all-zones or --all-accounts sends anything to Sekoia: one that sends no
 * dataset (of {@code dataset}, when one is asked for) is a {@code coverage} line (info), so that a new zone does not
 * go unmonitored unnoticed.
 */
public final class Coverage {
    private Coverage() {
    }

    /** The scope's coverage line when none of its jobs sends to Sekoia; empty otherwise. */
    public static Optional<Check> judge(Scope scope, List<Job> jobs, String dataset) {
        boolean covered = jobs.stream().anyMatch(j -> Destination.isSekoia(j.destinationConf())
                && (dataset == null || dataset.equals(j.dataset())));
        if (covered) {
            return Optional.empty();
        }
        return Optional.of(Check.info(CheckId.COVERAGE, "coverage", scope.describe() + " sends "
                + (dataset == null ? "no dataset" : "no " + dataset) + " to Sekoia: it is not monitored",
                "logpush create " + scope.args() + " --dataset DATASET --create-intake, or add it to the apply file"));
    }
}
