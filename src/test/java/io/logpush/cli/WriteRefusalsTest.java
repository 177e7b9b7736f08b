package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/**
 * Writes refused before any write: a second job after a key rotation, an empty update, a delete without --yes
 * (issue 18.10, 18.15).
 */
class WriteRefusalsTest extends CloudflareShapesTest {
    // 18.10 a second job after a key rotation, 18.15 like cases, like exit codes

    @Test
    void aSecondJobToTheSameIntakeAfterAKeyRotationIsAConflictWithTheJobOnStdout() {
        stub("GET", JOBS).ok("[" + job() + "]");
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", "NewKeyAbCdEfGh0123456789xYzWvUtS", "-o",
                "json").assertExit(6);
        assertThat(r.json().get("id").asLong()).isEqualTo(147);
        assertThat(r.json().get("destination_conf").asText()).endsWith("=Inta…");
        assertThat(r.err()).startsWith("logpush: error: job 147 already sends firewall_events to intake.sekoia.io with "
                + "another intake key (Inta…): a key rotation is an update; use 'logpush update 147 --zone " + ZONE_ID
                + " --intake-key-file FILE'\nhint: pass --allow-duplicate");
        assertNoIntakeKey(r);
    }

    @Test
    void updateWithNothingToChangeIsAUsageError() {
        CliResult r = run("update", "147", "--zone", ZONE_ID).assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: nothing to change: give at least one of --fields");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void theDeleteRefusalHintCarriesTheScopeSoItCanBePasted() {
        CliResult r = run("delete", "147", "--zone", ZONE_ID).assertExit(2);
        assertThat(r.err()).endsWith("hint: logpush delete 147 --zone " + ZONE_ID + " --yes\n");
        assertThat(stubs.seen()).isEmpty();
    }
}
