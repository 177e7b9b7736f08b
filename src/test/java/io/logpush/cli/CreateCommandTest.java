package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.testing.CliResult;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateCommandTest extends ApiTest {
    static final String SEED_FIELDS = fixture("firewall_events_names.txt").trim();
    /** Where a create whose answer was lost looks for the job. */
    static final String RELIST = "/zones/" + ZONE_ID + "/logpush/datasets/firewall_events/jobs";
    static final String DESTINATION = "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY;

    /** Cloudflare's answer to a create: the body echoed with an ID. */
    static String created(JsonNode body, long id) {
        ObjectNode job = body.deepCopy();
        job.put("id", id);
        job.putNull("last_complete");
        job.putNull("last_error");
        job.putNull("error_message");
        return ok(job.toString());
    }

    /** Stubs the job list, the fields, and (when {@code answer}) the POST answering it as job 147. */
    private void stubCreate(String jobs, JsonNode answer) {
        stub("GET", JOBS).ok(jobs);
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        if (answer != null) {
            stub("POST", JOBS).reply(200, created(answer, 147));
        }
    }

    private static ObjectNode guideBody() {
        return (ObjectNode) json("""
                {"dataset":"firewall_events","name":"sekoia-firewall-events","enabled":true,
                 "logpull_options":"fields=%s&timestamps=unixnano",
                 "destination_conf":"%s","max_upload_bytes":5000000,"max_upload_records":1000}"""
                .formatted(SEED_FIELDS, DESTINATION));
    }

    private JsonNode postedBody() {
        take();
        take();
        RecordedRequest post = take();
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(target(post)).isEqualTo("/zones/" + ZONE_ID + "/logpush/jobs");
        assertThat(post.getHeaders().get("Content-Type")).startsWith("application/json");
        return body(post);
    }

    @Test
    void defaultsSendTheGuidesBodyWithAllFieldsAndUnixnano() {
        stubCreate("[]", guideBody());

        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(0);
        RecordedRequest list = take();
        assertThat(list.getMethod()).isEqualTo("GET");
        assertThat(target(list)).isEqualTo("/zones/" + ZONE_ID + "/logpush/jobs");
        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID + "/logpush/datasets/firewall_events/fields");
        RecordedRequest post = take();
        assertThat(body(post)).isEqualTo(guideBody());
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("Created job 147 (sekoia-firewall-events): firewall_events of " + ZONE_ID
                + " → intake.sekoia.io (key Inta…)\n");
        assertThat(r.err()).isEmpty();
        assertNoIntakeKey(r);
    }

    @Test
    void jsonOutputIsTheCreatedJobMasked() {
        stubCreate("[]", guideBody());
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "-o", "json");
        assertThat(r.json().get("id").asLong()).isEqualTo(147);
        assertThat(r.json().get("destination_conf").asText()).endsWith("KEY=Inta…");
        assertNoIntakeKey(r);
    }

    @Test
    void sekoiaFieldsSendTheCatalogList() {
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--fields", "sekoia");
        assertThat(postedBody().get("logpull_options").asText())
                .isEqualTo("fields=" + SEED_FIELDS + "&timestamps=unixnano");
    }

    @Test
    void explicitFieldsKeepTheirOrderWithoutDuplicates() {
        stubCreate("[]", guideBody());
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--fields",
                "RayID, ClientIP,Datetime,RayID").assertExit(0);
        assertThat(postedBody().get("logpull_options").asText())
                .isEqualTo("fields=RayID,ClientIP,Datetime&timestamps=unixnano");
    }

    @Test
    void unknownFieldIsExit2WithTheClosestNameAndNoPost() {
        stubCreate("[]", null);
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--fields", "ClientIp,RayID,Bogus,Datetime")
                .assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: unknown fields for firewall_events: ClientIp → ClientIP?, Bogus\n")
                .contains("hint: list the dataset's fields with 'logpush fields --dataset firewall_events -o names'");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void outputOptionsFormSendsFieldNamesAndTimestampFormat() {
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--fields", "RayID,Datetime", "--output-options");
        JsonNode body = postedBody();
        assertThat(body.has("logpull_options")).isFalse();
        assertThat(body.get("output_options")).isEqualTo(
                json("{\"field_names\":[\"RayID\",\"Datetime\"],\"timestamp_format\":\"unixnano\"}"));
    }

    @ParameterizedTest
    @CsvSource({
        "fra1, https://intake.sekoia.io/plain/batch",
        "fra2, https://intake.fra2.sekoia.io/api/v1/intake-http/plain/batch",
        "mco1, https://intake.mco1.sekoia.io/api/v1/intake-http/plain/batch",
        "uae1, https://intake.uae1.sekoia.io/api/v1/intake-http/plain/batch",
        "usa1, https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch",
        "sgp1, https://intake.sgp1.sekoia.io/api/v1/intake-http/plain/batch",
    })
    void eachRegionHasItsIntake(String region, String url) {
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--region", region);
        assertThat(postedBody().get("destination_conf").asText())
                .isEqualTo(url + "?header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY);
    }

    @Test
    void regionFromTheEnvironmentAndKeyFromTheEnvironment() {
        env.put("SEKOIA_REGION", "usa1");
        env.put("SEKOIA_INTAKE_KEY", INTAKE_KEY);
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID).assertExit(0);
        assertThat(postedBody().get("destination_conf").asText()).startsWith("https://intake.usa1.sekoia.io/");
    }

    @Test
    void intakeUrlDropsATrailingSlashAndKeysAreUrlEncoded() {
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key", "k+y/with=reserved&chars?1", "--intake-url",
                "https://intake.example.sekoia.io/api/v1/intake-http/");
        assertThat(postedBody().get("destination_conf").asText()).isEqualTo("https://intake.example.sekoia.io/api/v1/"
                + "intake-http/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=k%2By%2Fwith%3Dreserved%26chars%3F1");
    }

    @Test
    void plainHttpIntakeUrlIsRefused() {
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--intake-url",
                "http://intake.sekoia.io").assertExit(2);
        assertThat(r.err()).contains("an https:// URL is required");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void filterAndIntervalAreSentOnlyWhenGiven() {
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--max-upload-interval-seconds", "60",
                "--filter", "{ \"where\": {\"key\":\"ClientRequestHost\",\"operator\":\"eq\",\"value\":\"example.com\"} }");
        JsonNode body = postedBody();
        assertThat(body.get("filter").asText())
                .isEqualTo("{\"where\":{\"key\":\"ClientRequestHost\",\"operator\":\"eq\",\"value\":\"example.com\"}}");
        assertThat(body.get("max_upload_interval_seconds").asInt()).isEqualTo(60);
    }

    @Test
    void accountDatasetDefaultsToRfc3339AndTheAccountPath() {
        String accountJobs = "/accounts/" + ACCOUNT_ID + "/logpush/jobs";
        stub("GET", accountJobs).ok("[]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/fields").ok("""
                {"Datetime":"string; t","QueryName":"string; q"}""");
        stub("POST", accountJobs).ok("""
                {"id":9,"dataset":"gateway_dns","name":"sekoia-gateway-dns","enabled":true}""");
        CliResult r = run("create", "--account", ACCOUNT_ID, "--dataset", "gateway_dns", "--intake-key", INTAKE_KEY)
                .assertExit(0);
        take();
        take();
        RecordedRequest post = take();
        assertThat(target(post)).isEqualTo("/accounts/" + ACCOUNT_ID + "/logpush/jobs");
        assertThat(body(post).get("logpull_options").asText()).isEqualTo("fields=Datetime,QueryName&timestamps=rfc3339");
        assertThat(body(post).get("name").asText()).isEqualTo("sekoia-gateway-dns");
        assertThat(r.out()).contains("gateway_dns of account " + ACCOUNT_ID);
    }

    @Test
    void disabledAndNameAndTimestamps() {
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--disabled", "--name", "soc.fw-1",
                "--timestamps", "unix", "--force");
        JsonNode body = postedBody();
        assertThat(body.get("enabled").asBoolean()).isFalse();
        assertThat(body.get("name").asText()).isEqualTo("soc.fw-1");
        assertThat(body.get("logpull_options").asText()).endsWith("&timestamps=unix");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--max-upload-bytes|4999999|--max-upload-bytes 4999999 is out of range: use 0 or 5,000,000 to 1,000,000,000",
        "--max-upload-bytes|1000000001|--max-upload-bytes 1000000001 is out of range",
        "--max-upload-records|999|--max-upload-records 999 is out of range: use 0 or 1,000 to 1,000,000",
        "--max-upload-records|1000001|--max-upload-records 1000001 is out of range",
        "--max-upload-interval-seconds|29|--max-upload-interval-seconds 29 is out of range: use 0 or 30 to 300",
        "--max-upload-interval-seconds|301|--max-upload-interval-seconds 301 is out of range",
        "--name|sekoia_firewall|invalid job name 'sekoia_firewall'",
        "--timestamps|iso8601|invalid timestamp format 'iso8601'",
        "--filter|{\"nowhere\":1}|--filter must be a JSON object with a \"where\" key",
        "--filter|not json|--filter is not valid JSON",
        "--region|eur1|unknown region 'eur1': expected one of fra1, fra2, mco1, uae1, usa1, sgp1",
        "--dataset|Firewall Events|invalid dataset 'Firewall Events'",
    })
    void badInputIsExit2BeforeAnyRequest(String option, String value, String message) {
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, option, value).assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: ").contains(message);
        assertThat(r.err().lines().findFirst().orElseThrow()).contains(message);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void zeroDisablesALimitAndIsAccepted() {
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--max-upload-bytes", "0",
                "--max-upload-records", "0");
        JsonNode body = postedBody();
        assertThat(body.get("max_upload_bytes").asLong()).isZero();
        assertThat(body.get("max_upload_records").asLong()).isZero();
    }

    @Test
    void filterOver1000BytesIsRefused() {
        String big = "{\"where\":{\"key\":\"ClientRequestHost\",\"operator\":\"eq\",\"value\":\"" + "a".repeat(1000)
                + "\"}}";
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--filter", big).assertExit(2);
        assertThat(r.err()).contains("Cloudflare accepts at most 1,000");
    }

    @Test
    void missingOrMalformedIntakeKeyIsExit2() {
        CliResult none = run("create", "--zone", ZONE_ID).assertExit(2);
        assertThat(none.err()).startsWith("logpush: error: no intake key: --intake-key, --intake-key-file or "
                + "SEKOIA_INTAKE_KEY is required");
        CliResult spaced = run("create", "--zone", ZONE_ID, "--intake-key", "abc def").assertExit(2);
        assertThat(spaced.err()).contains("the intake key contains whitespace or a control character at position 4");
        CliResult tooLong = run("create", "--zone", ZONE_ID, "--intake-key", "k".repeat(257));
        assertThat(tooLong.err()).contains("at most 256 are allowed");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void unusualKeyShapeIsOnlyAWarning() {
        stubCreate("[]", guideBody());
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", "short-but-valid-key").assertExit(0);
        assertThat(r.err()).contains("logpush: warning: the intake key is not 32 letters and digits");
    }

    @Test
    void keyFromStandardInputIsTrimmedAndNeverEchoed() {
        stubCreate("[]", guideBody());
        CliResult r = runWithStdin("  " + INTAKE_KEY + "\n", "create", "--zone", ZONE_ID, "--intake-key-file", "-")
                .assertExit(0);
        assertThat(postedBody().get("destination_conf").asText()).isEqualTo(DESTINATION);
        assertNoIntakeKey(r);
    }

    @Test
    void keyFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("key");
        java.nio.file.Files.writeString(file, INTAKE_KEY + "\n");
        stubCreate("[]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key-file", file.toString()).assertExit(0);
        assertThat(postedBody().get("destination_conf").asText()).isEqualTo(DESTINATION);
    }

    @Test
    void aJobAlreadySendingToTheSameIntakeIsExit6() {
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "]");
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(6);
        assertThat(r.err()).isEqualTo("logpush: error: job 147 already sends firewall_events to this intake; use "
                + "'logpush update 147 --zone " + ZONE_ID + "'\nhint: pass --allow-duplicate to create a second job anyway\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertNoIntakeKey(r);
    }

    @Test
    void allowDuplicateCreatesAnyway() {
        stubCreate("[" + SEKOIA_JOB + "]", guideBody());
        run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--allow-duplicate").assertExit(0);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aZoneWithFourJobsIsRefusedAndTheyAreNamed() {
        ArrayNode jobs = MAPPER.createArrayNode();
        for (int i = 1; i <= 4; i++) {
            jobs.addObject().put("id", i).put("dataset", "http_requests").put("name", "job" + i)
                    .put("destination_conf", "s3://b" + i);
        }
        stub("GET", JOBS).ok(jobs.toString());
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(6);
        assertThat(r.err()).startsWith("logpush: error: zone " + ZONE_ID + " already has 4 Logpush jobs, the most "
                + "Cloudflare allows: 1 (job1, http_requests), 2 (job2, http_requests), 3 (job3, http_requests), "
                + "4 (job4, http_requests)\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void dryRunPrintsACurlCommandAndSendsNoWrite() {
        stubCreate("[]", null);
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--fields", "RayID,Datetime",
                "--dry-run").assertExit(0);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("curl -X POST '" + apiUrl() + "/zones/" + ZONE_ID + "/logpush/jobs' \\\n"
                + "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n"
                + "  -H 'Content-Type: application/json' \\\n"
                + "  --data '{\n"
                + "  \"dataset\": \"firewall_events\",\n"
                + "  \"name\": \"sekoia-firewall-events\",\n"
                + "  \"enabled\": true,\n"
                + "  \"logpull_options\": \"fields=RayID,Datetime&timestamps=unixnano\",\n"
                + "  \"destination_conf\": \"https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=Inta…\",\n"
                + "  \"max_upload_bytes\": 5000000,\n"
                + "  \"max_upload_records\": 1000\n"
                + "}'\n");
        assertThat(r.err()).isEqualTo("(dry run: nothing was sent)\n");
        assertNoIntakeKey(r);
    }

    @Test
    void dryRunJsonAndShowSecrets() {
        stubCreate("[]", null);
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY, "--dry-run", "-o", "json",
                "--show-secrets");
        JsonNode j = r.json();
        assertThat(j.get("method").asText()).isEqualTo("POST");
        assertThat(j.get("url").asText()).isEqualTo(apiUrl() + "/zones/" + ZONE_ID + "/logpush/jobs");
        assertThat(j.get("body").get("destination_conf").asText()).isEqualTo(DESTINATION);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void destinationRejectedGetsTheGzipTestHint() {
        stubCreate("[]", null);
        stub("POST", JOBS)
                .reply(400, error(1002, "error validating destination: error writing object: error uploading"));
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(1);
        assertThat(r.err()).contains("(1002: error validating destination: error writing object: error uploading)")
                .contains("hint: Cloudflare test-uploads to the intake before it saves a job, and the intake refused it");
    }

    @Test
    void createdDisabledByCloudflareGetsAWarning() {
        ObjectNode answer = guideBody();
        answer.put("enabled", false);
        stubCreate("[]", answer);
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY);
        assertThat(r.err()).contains("Cloudflare created job 147 disabled; enable it with 'logpush enable 147 --zone");
    }

    @Test
    void postIsNotRetriedOn503() {
        stubCreate("[]", null);
        stub("POST", JOBS).reply(503, error(10001, "unavailable"));
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(1);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void lostAnswerWithTheJobNowPresentIsReportedAsCreated() {
        stubCreate("[]", null);
        stub("POST", JOBS).reply(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        ObjectNode job = guideBody();
        job.put("id", 147);
        stub("GET", RELIST).ok("[" + job + "]");

        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(0);

        assertThat(r.out()).startsWith("Created job 147 (sekoia-firewall-events)");
        assertThat(r.err()).contains("note: Cloudflare's answer to the create was lost, but job 147 now exists");
        take();
        take();
        assertThat(take().getMethod()).isEqualTo("POST");
        RecordedRequest relist = take();
        assertThat(relist.getMethod()).isEqualTo("GET");
        assertThat(target(relist)).isEqualTo(RELIST);
    }

    @Test
    void lostAnswerWithoutTheJobIsAnUnknownOutcome() {
        stubCreate("[]", null);
        stub("POST", JOBS).reply(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        stub("GET", RELIST).ok("[]");

        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(1);

        assertThat(r.err()).contains("logpush: error: the outcome of the create is unknown")
                .contains("hint: check with 'logpush list --zone " + ZONE_ID + " --dataset firewall_events'");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }
}
