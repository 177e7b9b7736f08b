package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The judgement of one scope shared by check and check -f, without the CLI. */
class ScopeHealthTest {
    static final Scope ZONE = new Scope(Scope.Kind.ZONE, "023e105f4ecef8ad9ca31a8372d0c353", "example.com");
    static final String OTHER_KEY = "OtherKeyZyXwVuTs9876543210aBcDeF";

    static Job job(long id, String dataset, String destination) {
        return Job.from(Fixtures.json(Fixtures.job("id", id, "dataset", dataset, "destination_conf", destination)));
    }

    static Job sekoia(long id, String dataset) {
        return Job.from(Fixtures.json(Fixtures.job("id", id, "dataset", dataset)));
    }

    static List<CheckId> ids(List<Check> checks) {
        return checks.stream().map(Check::id).toList();
    }

    @Test
    void theScopeLineCountsItsJobsAndThoseToSekoia() {
        Check c = ScopeHealth.listed(ZONE, List.of(sekoia(1, "firewall_events"), job(2, "http_requests", "s3://b")));
        assertThat(c.status()).isEqualTo(Check.Status.OK);
        assertThat(c.message()).isEqualTo("zone example.com: 2 Logpush jobs, 1 to Sekoia");
        assertThat(ScopeHealth.listed(ZONE, List.of()).message()).isEqualTo("zone example.com: 0 Logpush jobs, 0 to Sekoia");
    }

    @Test
    void aSingleScopeJudgesEveryJobToSekoiaAndWithoutOneFailsWithACreate() {
        Job fw = sekoia(1, "firewall_events");
        Job s3 = job(2, "firewall_events", "s3://bucket");
        ScopeHealth.Verdict v = ScopeHealth.judge(ZONE, List.of(fw, s3), ScopeHealth.Datasets.any(null));
        assertThat(ids(v.checks())).containsExactly(CheckId.SCOPE);
        assertThat(v.selected()).containsExactly(fw);
        assertThat(v.parts()).allMatch(p -> p.missing() == null);

        ScopeHealth.Verdict none = ScopeHealth.judge(ZONE, List.of(s3), ScopeHealth.Datasets.any(null));
        Check missing = none.parts().get(0).missing();
        assertThat(none.selected()).isEmpty();
        assertThat(missing.id()).isEqualTo(CheckId.JOBS);
        assertThat(missing.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(missing.message()).isEqualTo("no job sends to Sekoia in zone example.com");
        assertThat(missing.fix()).isEqualTo("logpush create --zone example.com --dataset firewall_events "
                + "--intake-key-file FILE");

        Check dns = ScopeHealth.judge(ZONE, List.of(fw), ScopeHealth.Datasets.any("dns_logs")).parts().get(0).missing();
        assertThat(dns.message()).isEqualTo("no dns_logs job sends to Sekoia in zone example.com");
        assertThat(dns.fix()).contains("--dataset dns_logs ");
    }

    @Test
    void aFleetScopeJudgesEachDeclaredDatasetInTurnAndAMissingOneFailsWithTheApplyCommand() {
        Job fw = sekoia(1, "firewall_events");
        Job http = sekoia(2, "http_requests");
        ScopeHealth.Verdict v = ScopeHealth.judge(ZONE, List.of(fw, http),
                new ScopeHealth.Datasets(List.of("dns_logs", "firewall_events"), "fleet.yaml"));
        assertThat(v.parts()).hasSize(2);
        assertThat(v.parts().get(0).missing().message()).isEqualTo("no dns_logs job sends to Sekoia in zone example.com");
        assertThat(v.parts().get(0).missing().fix()).isEqualTo("logpush apply -f fleet.yaml");
        assertThat(v.parts().get(1).jobs()).containsExactly(fw);
        assertThat(v.selected()).containsExactly(fw);
    }

    @Test
    void jobsOfOneDatasetToOneKeyAreOneDuplicatesFailureKeepingTheOldest() {
        Job a = sekoia(151, "firewall_events");
        Job b = sekoia(147, "firewall_events");
        Job c = sekoia(160, "firewall_events");
        Job otherDataset = sekoia(170, "http_requests");
        Job otherKey = job(180, "firewall_events",
                "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + OTHER_KEY);
        List<Check> checks = ScopeHealth.judge(ZONE, List.of(a, b, c, otherDataset, otherKey),
                ScopeHealth.Datasets.any(null)).checks();
        assertThat(ids(checks)).containsExactly(CheckId.SCOPE, CheckId.DUPLICATES);
        Check dup = checks.get(1);
        assertThat(dup.jobId()).isEqualTo(147);
        assertThat(dup.message()).startsWith("jobs 151, 160 also send firewall_events to intake key Inta…")
                .doesNotContain("IntakeKeyAbCd");
        assertThat(dup.fix()).startsWith("logpush delete 151 --zone example.com (keep the oldest, job 147");
    }

    @Test
    void duplicatesAreLookedForOnlyAmongTheWantedDatasets() {
        List<Job> twins = List.of(sekoia(1, "http_requests"), sekoia(2, "http_requests"));
        assertThat(ids(ScopeHealth.judge(ZONE, twins, ScopeHealth.Datasets.any("firewall_events")).checks()))
                .containsExactly(CheckId.SCOPE);
        assertThat(ids(ScopeHealth.judge(ZONE, twins, new ScopeHealth.Datasets(List.of("firewall_events"), "f.yaml"))
                .checks())).containsExactly(CheckId.SCOPE);
        assertThat(ids(ScopeHealth.judge(ZONE, twins, ScopeHealth.Datasets.any(null)).checks()))
                .containsExactly(CheckId.SCOPE, CheckId.DUPLICATES);
    }

    @Test
    void jobsGivenByIdAreJudgedWhateverTheirDestinationAndAnIdNotFoundFailsWithoutAJobsFailure() {
        Job s3 = job(2, "http_requests", "s3://bucket");
        Check notFound = ScopeHealth.notFound(9, new LogpushException(LogpushException.Kind.NOT_FOUND,
                "job 9 not found in zone example.com", null));
        ScopeHealth.Verdict v = ScopeHealth.judge(ZONE, List.of(s3),
                new ScopeHealth.Picked(List.of(s3), List.of(notFound), null));
        assertThat(ids(v.checks())).containsExactly(CheckId.SCOPE, CheckId.JOB);
        assertThat(v.checks().get(1).jobId()).isEqualTo(9);
        assertThat(v.selected()).containsExactly(s3);

        ScopeHealth.Verdict nothing = ScopeHealth.judge(ZONE, List.of(), new ScopeHealth.Picked(List.of(),
                List.of(notFound), null));
        assertThat(nothing.parts()).allMatch(p -> p.missing() == null);
    }

    @Test
    void aScopeThatCannotBeReadIsAScopeFailure() {
        Check c = ScopeHealth.unreadable("zone nope.example.org not found", "check the zone's name in f.yaml");
        assertThat(c.id()).isEqualTo(CheckId.SCOPE);
        assertThat(c.status()).isEqualTo(Check.Status.FAILURE);
        assertThat(c.fix()).isEqualTo("check the zone's name in f.yaml");
    }
}
