package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Counts of checks by status, the worst of a scope, and the exit rule (--strict). */
class CheckCountsTest {
    static Check of(Check.Status s) {
        return new Check(CheckId.DELIVERY, "delivery", s, "m", null, null);
    }

    @Test
    void countsEachStatusAndTheWorstIgnoresInfo() {
        CheckCounts c = CheckCounts.of(List.of(of(Check.Status.OK), of(Check.Status.INFO), of(Check.Status.INFO)));
        assertThat(c).isEqualTo(new CheckCounts(1, 2, 0, 0));
        assertThat(c.worst()).isEqualTo(Check.Status.OK);
        assertThat(c.plus(Check.Status.WARNING).worst()).isEqualTo(Check.Status.WARNING);
        assertThat(c.plus(Check.Status.WARNING).plus(Check.Status.FAILURE).worst()).isEqualTo(Check.Status.FAILURE);
        assertThat(c.plus(c).total()).isEqualTo(6);
        assertThat(CheckCounts.NONE.worst()).isEqualTo(Check.Status.OK);
    }

    @Test
    void aRunPassesWithoutFailureAndWithStrictWithoutWarningEither() {
        CheckCounts warned = new CheckCounts(3, 1, 1, 0);
        assertThat(warned.passes(false)).isTrue();
        assertThat(warned.passes(true)).isFalse();
        assertThat(new CheckCounts(3, 1, 0, 1).passes(false)).isFalse();
        assertThat(new CheckCounts(3, 5, 0, 0).passes(true)).isTrue();
    }
}
