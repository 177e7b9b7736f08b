package io.logpush.jobs;

import java.util.Collection;

/** How many checks (or scopes, by their worst check) went each way, and whether a run passes. */
public record CheckCounts(long ok, long info, long warning, long failure) {
    public static final CheckCounts NONE = new CheckCounts(0, 0, 0, 0);

    public static CheckCounts of(Collection<Check> checks) {
        CheckCounts c = NONE;
        for (Check check : checks) {
            c = c.plus(check.status());
        }
        return c;
    }

    public CheckCounts plus(Check.Status status) {
        return new CheckCounts(ok + (status == Check.Status.OK ? 1 : 0), info + (status == Check.Status.INFO ? 1 : 0),
                warning + (status == Check.Status.WARNING ? 1 : 0), failure + (status == Check.Status.FAILURE ? 1 : 0));
    }

    public CheckCounts plus(CheckCounts o) {
        return new CheckCounts(ok + o.ok, info + o.info, warning + o.warning, failure + o.failure);
    }

    public long get(Check.Status status) {
        return switch (status) {
            case OK -> ok;
            case INFO -> info;
            case WARNING -> warning;
            case FAILURE -> failure;
        };
    }

    public long total() {
        return ok + info + warning + failure;
    }

    /** The worst status counted: a failure, else a warning, else ok (an info is not wrong). */
    public Check.Status worst() {
        return failure > 0 ? Check.Status.FAILURE : warning > 0 ? Check.Status.WARNING : Check.Status.OK;
    }

    /** Exit 0 or 1: nothing failed, and, when {@code strict}, nothing warned either. */
    public boolean passes(boolean strict) {
        return failure == 0 && !(strict && warning > 0);
    }
}
