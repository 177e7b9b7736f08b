package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.sekoia.Catalog;
import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cloudflare and Sekoia as they really behave (issue 13), through the entry point with the real shapes of
 * src/test/resources/vectors, and the write-time judgements of issue 18 (timestamps, duplicates, no-op updates).
 */
class FidelityTest extends ApiTest {
    static final String ACCOUNT_JOBS = "/accounts/" + ACCOUNT_ID + "/logpush/jobs";
    static final String DESTINATION_REFUSED = "error validating destination: error writing object: error uploading";

    @TempDir
    Path dir;

    static String now(long minusMinutes) {
        return Instant.now().minus(minusMinutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String activeToken() {
        return ok("{\"id\":\"f267e341f3dd4697bd3b9f71dd96247f\",\"status\":\"active\",\"expires_on\":null}");
    }

    static String offered(List<String> names) {
        ObjectNode o = MAPPER.createObjectNode();
        names.forEach(n -> o.put(n, "string; x"));
        return ok(o.toString());
    }

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

    // ---------------------------------------------------------------------------------------------
    // 13.3 rfc3339ms and rfc3339ns belong to output_options

    @Test
    void millisecondTimestampsOnLogpullOptionsAreAUsageErrorBeforeAnyRequest() {
        CliResult r = run("create", "--account", ACCOUNT_ID, "--dataset", "gateway_dns", "--intake-key", INTAKE_KEY,
                "--timestamps", "rfc3339ms").assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: timestamp format rfc3339ms exists only in output_options: "
                + "Cloudflare documents unixnano, unix and rfc3339 for logpull_options\n"
                + "hint: add --output-options to send output_options instead\n");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void millisecondTimestampsWithOutputOptionsAreSentThere() {
        stub("GET", ACCOUNT_JOBS).ok("[]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/fields")
                .reply(200, offered(List.of("Datetime", "QueryName")));
        stub("POST", ACCOUNT_JOBS).ok(job("id", 9, "dataset", "gateway_dns"));
        run("create", "--account", ACCOUNT_ID, "--dataset", "gateway_dns", "--intake-key", INTAKE_KEY,
                "--timestamps", "rfc3339ms", "--output-options").assertExit(0);
        JsonNode body = body(takeRequest("POST"));
        assertThat(body.at("/output_options/timestamp_format").asText()).isEqualTo("rfc3339ms");
        assertThat(body.has("logpull_options")).isFalse();
    }

    @Test
    void anApplyFileAsksForOutputOptionsWithMillisecondTimestamps() throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, """
                jobs:
                  - account: %s
                    dataset: gateway_dns
                    intake_key: ${KEY}
                    timestamps: rfc3339ns
                """.formatted(ACCOUNT_ID));
        env.put("KEY", INTAKE_KEY);
        CliResult r = run("apply", "-f", file.toString(), "--plan").assertExit(2);
        assertThat(r.err()).contains("jobs.yaml:5:5: timestamp format rfc3339ns exists only in output_options");
        assertThat(stubs.seen()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // 13.4 moving a job to output_options

    static final String LOGPULL_WITH_CVE = "fields=RayID,ClientIP&timestamps=unixnano&CVE-2021-44228=true";

    @Test
    void updateOutputOptionsCarriesEveryParameterAndDropsLogpullOptions() {
        stub("GET", JOB_147).ok(job("logpull_options", LOGPULL_WITH_CVE));
        stub("PUT", JOB_147).ok(job("output_options", json("{\"field_names\":[\"RayID\",\"ClientIP\"]}")));
        CliResult r = run("update", "147", "--zone", ZONE_ID, "--output-options").assertExit(0);
        assertThat(r.out()).isEqualTo("Updated job 147 (sekoia-firewall-events): logpull_options → output_options\n");
        assertThat(body(takeRequest("PUT")).toString()).isEqualTo("{\"output_options\":{\"field_names\":[\"RayID\","
                + "\"ClientIP\"],\"timestamp_format\":\"unixnano\",\"CVE-2021-44228\":true},\"logpull_options\":null}");
    }

    @Test
    void theConversionShowsInADryRunAndRefusesAParameterItWouldLose() {
        stub("GET", JOB_147).ok(job("logpull_options", LOGPULL_WITH_CVE))
                .ok(job("logpull_options", "fields=RayID&timestamps=unixnano&mystery=1"));
        CliResult dry = run("update", "147", "--zone", ZONE_ID, "--output-options", "--dry-run", "-o", "json")
                .assertExit(0);
        assertThat(dry.json().at("/body/output_options/CVE-2021-44228").asBoolean()).isTrue();
        assertThat(dry.json().get("method").asText()).isEqualTo("PUT");
        CliResult lossy = run("update", "147", "--zone", ZONE_ID, "--output-options").assertExit(2);
        assertThat(lossy.err()).startsWith("logpush: error: logpull_options parameter 'mystery' has no output_options "
                + "equivalent");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("PUT"));
    }

    @Test
    void anApplyFileWithOutputOptionsTrueConvertsTheMatchingJob() throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, """
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake_key: ${KEY}
                    output_options: true
                """.formatted(ZONE_ID));
        env.put("KEY", INTAKE_KEY);
        stub("GET", JOBS).ok("[" + job("logpull_options", LOGPULL_WITH_CVE) + "]");
        stub("PUT", JOB_147).ok(job());
        CliResult r = run("apply", "-f", file.toString()).assertExit(0);
        assertThat(r.text()).contains("~ updated zone " + ZONE_ID + " firewall_events job 147")
                .contains("logpull_options → output_options");
        assertThat(body(takeRequest("PUT")).get("output_options").get("CVE-2021-44228").asBoolean()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------
    // 13.6 and 13.7 both documented intake hosts; SGP1's two addresses

    static final String APP_USA1 = "https://app.usa1.sekoia.io/api/v1/intake-http/plain/batch?"
            + "header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY;

    @Test
    void aJobOnTheAppHostIsASekoiaIntakeForCheckAndKeepsItsHostOnKeyRotation() {
        String job = job("destination_conf", APP_USA1, "last_complete", now(5));
        stub("GET", "/user/tokens/verify").reply(200, activeToken());
        stub("GET", JOBS).ok("[" + job + "]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult check = run("check", "--zone", ZONE_ID);
        assertThat(check.out()).contains("destination: app.usa1.sekoia.io (Sekoia region usa1), key Inta…");

        stub("GET", JOB_147).ok(job);
        stub("PUT", JOB_147).ok(job);
        String newKey = "NewKeyAbCdEfGh0123456789xYzWvUtS";
        run("update", "147", "--zone", ZONE_ID, "--intake-key", newKey).assertExit(0);
        assertThat(body(takeRequest("PUT")).get("destination_conf").asText())
                .isEqualTo("https://app.usa1.sekoia.io/api/v1/intake-http/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                        + newKey);
    }

    @Test
    void applyMatchesAJobOnTheAppHostOfItsRegionInsteadOfPlanningASecond() throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, """
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    region: usa1
                    intake_key: ${KEY}
                """.formatted(ZONE_ID));
        env.put("KEY", "NewKeyAbCdEfGh0123456789xYzWvUtS");
        stub("GET", JOBS).ok("[" + job("destination_conf", APP_USA1) + "]");
        CliResult r = run("apply", "-f", file.toString(), "--plan").assertExit(0);
        assertThat(r.text()).contains("~ update zone " + ZONE_ID + " firewall_events job 147")
                .contains("intake key rotated (Inta… → NewK…)").doesNotContain("+ create")
                .doesNotContain("destination app.usa1.sekoia.io →");
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

    // ---------------------------------------------------------------------------------------------
    // 13.8 a destination without its key (the shape of vectors/cf_auditlog_test_job_create.json)

    static String keyless() {
        return Fixtures.with(json(vector("cf_auditlog_test_job_create.json")).get("NewValue").toString(),
                "id", 147, "dataset", "firewall_events");
    }

    @Test
    void createMatchesAKeylessJobByDatasetAndHostAndSaysSo() {
        stub("GET", JOBS).ok("[" + keyless() + "]");
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(6);
        assertThat(r.err()).startsWith("logpush: error: job 147 already sends firewall_events to intake.sekoia.io "
                + "(Cloudflare did not return its intake key, so it was matched by dataset and host); use 'logpush "
                + "update 147 --zone " + ZONE_ID + " --intake-key-file FILE'\n");
    }

    @Test
    void updateIntakeKeyGivesAKeylessJobItsKeyOnTheSameBase() {
        stub("GET", JOB_147).ok(keyless());
        stub("PUT", JOB_147).ok(keyless());
        run("update", "147", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(0);
        assertThat(body(takeRequest("PUT")).get("destination_conf").asText())
                .isEqualTo("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY);
    }

    // ---------------------------------------------------------------------------------------------
    // 13.9 and 18.8 parser fields: a job sending the sekoia preset is never warned about

    @ParameterizedTest
    @ValueSource(strings = {"firewall_events", "http_requests", "dns_logs", "audit_logs", "access_requests",
        "gateway_dns", "gateway_http", "gateway_network", "zero_trust_network_sessions"})
    void aJobWithTheSekoiaPresetSatisfiesItsParser(String dataset) {
        Catalog.Dataset ds = Catalog.get().dataset(dataset).orElseThrow();
        boolean zone = ds.scopes().get(0).equals("zone");
        String scope = zone ? "/zones/" + ZONE_ID : "/accounts/" + ACCOUNT_ID;
        String job = job("dataset", dataset, "last_complete", now(5),
                "logpull_options", "fields=" + String.join(",", ds.fields()) + "&timestamps=" + ds.timestamps());
        stub("GET", "/user/tokens/verify").reply(200, activeToken());
        stub("GET", scope + "/logpush/jobs").ok("[" + job + "]");
        stub("GET", scope + "/logpush/datasets/" + dataset + "/fields").reply(200, offered(ds.fields()));
        CliResult r = run("check", zone ? "--zone" : "--account", zone ? ZONE_ID : ACCOUNT_ID).assertExit(0);
        assertThat(r.out()).contains("✓ job 147 (sekoia-firewall-events, " + dataset + ") fields: "
                + ds.fields().size() + " fields, all that Sekoia's parser maps").doesNotContain("!");
    }

    @Test
    void httpRequestsTakesThePathOrTheUri() {
        Catalog.Dataset ds = Catalog.get().dataset("http_requests").orElseThrow();
        List<String> pathNotUri = ds.fields().stream().map(f -> f.equals("ClientRequestURI") ? "ClientRequestPath" : f)
                .toList();
        assertThat(ds.parserFieldsMissing(pathNotUri, null)).isEmpty();
        assertThat(ds.parserFieldsMissing(List.of("RayID"), null))
                .contains("ClientRequestPath or ClientRequestURI", "ClientRequestProtocol", "ClientRequestBytes",
                        "ClientRequestReferer");
        assertThat(Catalog.get().dataset("audit_logs").orElseThrow().parserFields()).doesNotContain("NewValue",
                "OldValue");
        assertThat(Catalog.get().dataset("access_requests").orElseThrow().parserFields()).doesNotContain("Country");
        assertThat(Catalog.get().dataset("gateway_dns").orElseThrow().parserFields()).doesNotContain("PolicyID");
    }

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
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/fields")
                .reply(200, offered(List.of("Datetime")));
        CliResult r = run("check", "--account", ACCOUNT_ID).assertExit(0);
        assertThat(r.out()).contains("✓ job 147 (sekoia-firewall-events, gateway_dns) timestamps: rfc3339ms")
                .contains("✓ job 147 (sekoia-firewall-events, gateway_dns) delivery: last batch delivered 5 min ago; "
                        + "recovered: failed at " + failedAt + ": error uploading: 503");
    }

    // ---------------------------------------------------------------------------------------------
    // 18.9 a timestamp format that misdates the dataset, 18.10 a second job after a key rotation, 18.15

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
