package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/** Timestamp formats by dataset and scope (issue 13.10, 18.9), and a recovered job's story (13.11). */
class TimestampsTest extends CloudflareShapesTest {
    // ---------------------------------------------------------------------------------------------
    // 13.10 account datasets accept any RFC 3339 form; 13.11 a recovered job tells its story

    @Test
    void anAccountJobOnRfc3339msPassesAndARecoveredJobShowsItsLastFailure() {
        String failedAt = now(60);
        String job = job("dataset", "gateway_dns", "logpull_options", null,
                "output_options", json("{\"field_names\":[\"Datetime\"],\"timestamp_format\":\"rfc3339ms\"}"),
                "last_complete", now(5), "last_error", failedAt, "error_message", "error uploading: 503");
        stub("GET", "/user/tokens/verify").reply(200, activeToken());
        stub("GET", ACCOUNT_JOBS).ok("[" + job + "]");
        stub("GET", AlertsCommandTest.POLICIES).ok("[" + AlertsCommandTest.OURS + "]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/fields")
                .reply(200, offered(List.of("Datetime")));
        CliResult r = run("check", "--account", ACCOUNT_ID).assertExit(0);
        assertThat(r.out()).contains("✓ job 147 (sekoia-firewall-events, gateway_dns) timestamps: rfc3339ms")
                .contains("✓ job 147 (sekoia-firewall-events, gateway_dns) delivery: last batch delivered 5 min ago; "
                        + "recovered: failed at " + failedAt + ": error uploading: 503");
    }

    // 18.9 a timestamp format that misdates the dataset

    @Test
    void aTimestampFormatThatMisdatesTheDatasetIsRefusedUnlessForced() {
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--timestamps", "unix")
                .assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: timestamp format unix misdates firewall_events events in "
                + "Sekoia: its parser reads unixnano\nhint: use --timestamps unixnano, or --force to send unix anyway\n");
        stub("GET", JOB_147).ok(job());
        CliResult update = run("update", "147", "--zone", ZONE_ID, "--timestamps", "rfc3339").assertExit(2);
        assertThat(update.err()).startsWith("logpush: error: timestamp format rfc3339 misdates firewall_events");
        assertThat(stubs.seen()).containsExactly("GET " + JOB_147);
    }
}
