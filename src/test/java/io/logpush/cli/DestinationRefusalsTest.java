package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.logpush.sekoia.Catalog;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/** How Cloudflare refuses a destination or a write (issue 13.1, 13.2, 13.7), as the user reads it. */
class DestinationRefusalsTest extends CloudflareShapesTest {
    // ---------------------------------------------------------------------------------------------
    // 13.1 every PUT re-tests the destination

    @Test
    void enablingAJobWhoseIntakeRefusesUploadsSaysWhyAndTheWayOut() {
        stub("GET", JOB_147).ok(job("enabled", false));
        stub("PUT", JOB_147).reply(400, error(1002, DESTINATION_REFUSED));
        CliResult r = run("enable", "147", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.err()).contains("(1002: " + DESTINATION_REFUSED + ")")
                .contains("hint: Cloudflare test-uploads to the destination on every change to a job (enable and "
                        + "disable too)")
                .contains("until it accepts uploads, only delete goes through")
                .contains("'logpush update 147 --zone " + ZONE_ID + " --intake-key-file NEW_KEY_FILE'")
                .contains("'logpush delete 147 --zone " + ZONE_ID + "'")
                .contains("'logpush update 147 --zone " + ZONE_ID + " --output-options'");
    }

    // ---------------------------------------------------------------------------------------------
    // 13.2 error 1004 by its message

    @Test
    void code1004IsAConflictWhenTheZoneIsFullAndAFailureWhenUnknown() {
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).reply(400, error(1004, "creating a new job is not allowed: exceeded max jobs allowed"))
                .reply(400, error(1004, "something new Cloudflare says"));
        CliResult full = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(6);
        assertThat(full.err()).contains("hint: Cloudflare allows at most 4 Logpush jobs per zone");
        CliResult unknown = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(1);
        assertThat(unknown.err()).contains("(1004: something new Cloudflare says)");
    }

    @Test
    void aZeroTrustDryRunNamesThePermissionItNeeds() {
        stub("GET", ACCOUNT_JOBS).ok("[]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/fields")
                .reply(200, offered(List.of("Datetime", "QueryName")));
        CliResult r = run("create", "--account", ACCOUNT_ID, "--dataset", "gateway_dns", "--intake-key", INTAKE_KEY,
                "--dry-run").assertExit(0);
        assertThat(r.err()).contains("note: gateway_dns jobs need the token permission 'Zero Trust: PII Read' "
                + "besides Logs Edit");
    }

    @Test
    void aRefusedSgp1DestinationNamesTheOtherDocumentedAddresses() {
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).reply(400, error(1002, DESTINATION_REFUSED));
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--region", "sgp1").assertExit(1);
        assertThat(r.err()).contains("Sekoia documents other intake addresses for sgp1: --intake-url "
                + "https://intake.sgp1.sekoia.io or --intake-url https://app.sgp1.sekoia.io/api/v1/intake-http")
                .contains("or try --output-options");
        assertThat(Catalog.get().regionOf("https://intake.sgp1.sekoia.io/plain/batch?x=1")).map(Catalog.Region::name)
                .contains("sgp1");
    }
}
