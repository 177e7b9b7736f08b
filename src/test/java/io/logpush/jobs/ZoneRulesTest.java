package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.sekoia.Destination;
import org.junit.jupiter.api.Test;

/** The zone's rules without HTTP: which job a desired one is, its destination, the job limit, duplicates. */
class ZoneRulesTest {
    static final String KEY_A = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    static final String KEY_B = "ZyXwVuTsRqPoNmLkJiHgFeDcBa543210";
    static final String FRA1 = "https://intake.sekoia.io";
    static final String FRA2 = "https://intake.fra2.sekoia.io/api/v1/intake-http";
    static final String S3 = "s3://bucket/logs?region=eu-west-1";

    static Job job(long id, String dataset, String destination) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("id", id).put("dataset", dataset)
                .put("name", "job-" + id).put("enabled", true).put("destination_conf", destination);
        return Job.from(o);
    }

    static Job sekoia(long id, String dataset, String base, String key) {
        return job(id, dataset, Destination.build(base, key));
    }

    @Test
    void theSameKeyMatchesTheOldestJobOfTheDataset() {
        List<Job> jobs = List.of(sekoia(9, "firewall_events", FRA1, KEY_A), sekoia(3, "firewall_events", FRA1, KEY_A),
                sekoia(1, "http_requests", FRA1, KEY_A));
        ZoneRules.Match m = ZoneRules.match(jobs, "firewall_events", KEY_A, FRA1).orElseThrow();
        assertThat(m.job().id()).isEqualTo(3);
        assertThat(m.sameKey()).isTrue();
    }

    @Test
    void theSameKeyWinsOverAnEarlierJobToTheSameIntake() {
        List<Job> jobs = List.of(sekoia(1, "firewall_events", FRA1, KEY_B), sekoia(5, "firewall_events", FRA1, KEY_A));
        assertThat(ZoneRules.match(jobs, "firewall_events", KEY_A, FRA1).orElseThrow())
                .isEqualTo(new ZoneRules.Match(jobs.get(1), true));
    }

    @Test
    void anotherKeyAtTheSameIntakeIsAMatchToRotate() {
        List<Job> jobs = List.of(job(1, "firewall_events", S3), sekoia(4, "firewall_events", FRA1, KEY_B));
        assertThat(ZoneRules.match(jobs, "firewall_events", KEY_A, FRA1).orElseThrow())
                .isEqualTo(new ZoneRules.Match(jobs.get(1), false));
        assertThat(ZoneRules.match(jobs, "firewall_events", KEY_A, null)).as("any intake when none is named")
                .contains(new ZoneRules.Match(jobs.get(1), false));
    }

    @Test
    void anotherIntakeAnotherDatasetOrNotSekoiaIsNoMatch() {
        List<Job> jobs = List.of(sekoia(1, "firewall_events", FRA2, KEY_B), sekoia(2, "dns_logs", FRA1, KEY_A),
                job(3, "firewall_events", S3));
        assertThat(ZoneRules.match(jobs, "firewall_events", KEY_A, FRA1)).isEmpty();
        assertThat(ZoneRules.match(List.of(), "firewall_events", KEY_A, FRA1)).isEmpty();
    }

    @Test
    void sendsToComparesTheDatasetAndTheKey() {
        Job j = sekoia(1, "firewall_events", FRA1, KEY_A);
        assertThat(ZoneRules.sendsTo(j, "firewall_events", KEY_A)).isTrue();
        assertThat(ZoneRules.sendsTo(j, "firewall_events", KEY_B)).isFalse();
        assertThat(ZoneRules.sendsTo(j, "dns_logs", KEY_A)).isFalse();
        assertThat(ZoneRules.sendsTo(job(2, "firewall_events", S3), "firewall_events", KEY_A)).isFalse();
    }

    @Test
    void aMatchedJobKeepsItsOwnBaseAtTheSameIntakeAndMovesToAnother() {
        Job j = sekoia(1, "firewall_events", FRA1, KEY_B);
        assertThat(ZoneRules.destinationFor(j, FRA1, KEY_A)).isEqualTo(Destination.withKey(j.destinationConf(), KEY_A));
        assertThat(ZoneRules.destinationFor(j, null, KEY_A)).isEqualTo(Destination.withKey(j.destinationConf(), KEY_A));
        assertThat(ZoneRules.destinationFor(j, FRA2, KEY_A)).isEqualTo(Destination.build(FRA2, KEY_A));
    }

    @Test
    void aKeylessJobGetsTheKeyOnItsBase() {
        Job keyless = job(1, "firewall_events", Destination.base(Destination.build(FRA1, KEY_B)));
        assertThat(ZoneRules.destinationFor(keyless, null, KEY_A))
                .isEqualTo(Destination.build(Destination.base(keyless.destinationConf()), KEY_A));
    }

    @Test
    void aZoneIsFullAtFourJobsAnAccountNever() {
        Scope zone = new Scope(Scope.Kind.ZONE, "023e105f4ecef8ad9ca31a8372d0c353", null);
        Scope account = new Scope(Scope.Kind.ACCOUNT, "01a7362d577a6c3019a474fd6f485823", null);
        assertThat(ZoneRules.full(zone, ZoneRules.MAX_JOBS_PER_ZONE - 1)).isFalse();
        assertThat(ZoneRules.full(zone, ZoneRules.MAX_JOBS_PER_ZONE)).isTrue();
        assertThat(ZoneRules.full(account, 100)).isFalse();
        List<Job> four = List.of(job(1, "a", S3), job(2, "b", S3), job(3, "c", S3), job(4, "d", S3));
        assertThatThrownBy(() -> ZoneRules.requireRoom(zone, four)).isInstanceOf(LogpushException.class)
                .extracting(e -> ((LogpushException) e).kind()).isEqualTo(LogpushException.Kind.CONFLICT);
        ZoneRules.requireRoom(zone, four.subList(0, 3));
        ZoneRules.requireRoom(account, four);
    }

    @Test
    void duplicatesAreOneDatasetToOneKeyOldestFirst() {
        Job a7 = sekoia(7, "firewall_events", FRA1, KEY_A);
        Job a2 = sekoia(2, "firewall_events", FRA2, KEY_A);
        Job a5 = sekoia(5, "firewall_events", FRA1, KEY_A);
        Job b1 = sekoia(1, "firewall_events", FRA1, KEY_B);
        Job d3 = sekoia(3, "dns_logs", FRA1, KEY_A);
        Job s8 = job(8, "firewall_events", S3);
        Job s9 = job(9, "firewall_events", S3);
        List<Job> jobs = List.of(a7, b1, a2, d3, a5, s8, s9);
        assertThat(ZoneRules.duplicateGroups(jobs)).containsExactly(List.of(a2, a5, a7));
        assertThat(ZoneRules.duplicates(jobs, a2)).containsExactly(a5, a7);
        assertThat(ZoneRules.duplicates(jobs, a5)).as("only the oldest keeps the others").isEmpty();
        assertThat(ZoneRules.duplicates(jobs, b1)).isEmpty();
        assertThat(ZoneRules.duplicateGroups(List.of(b1, d3, s8, s9))).isEmpty();
    }
}
