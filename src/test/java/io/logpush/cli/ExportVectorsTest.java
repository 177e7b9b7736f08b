package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * logpush export on the real job shapes of vectors/ (MockWebServer): as they are (their destinations are not
 * Sekoia's, so --all-jobs lists each as left out), and pointed at a Sekoia intake, when each is either exported
 * so that apply --plan finds nothing to change, or left out with the reason.
 */
class ExportVectorsTest extends ApiTest {
    static final String ACCOUNT_JOBS = "/accounts/" + ACCOUNT_ID + "/logpush/jobs";

    @TempDir
    Path dir;

    /** The job object of a vector: its "result", an audit log's "NewValue", or the file itself. */
    static ObjectNode shape(String vector) {
        JsonNode n = json(vector(vector));
        JsonNode job = n.has("result") ? n.get("result") : n.has("NewValue") ? n.get("NewValue") : n;
        return (ObjectNode) job.deepCopy();
    }

    @Test
    void asTheyAreEveryJobIsReadAndNoneSendsToSekoia() {
        StringBuilder list = new StringBuilder("[");
        String[] vectors = {"go0_job_logpull_options.json", "go0_job_output_options.json", "go0_job_edge.json",
            "go0_job_with_filter_string.json", "cf_apiref_job_update_200_example.json",
            "cf_docs_curl_create_response.json", "cf_docs_curl_put_output_options_response_name_null.json"};
        for (int i = 0; i < vectors.length; i++) {
            list.append(i > 0 ? "," : "").append(shape(vectors[i]).put("id", 100 + i));
        }
        stub("GET", JOBS).ok(list.append("]").toString());
        CliResult quiet = run("export", "--zone", ZONE_ID);
        quiet.assertExit(0);
        assertThat(quiet.out()).endsWith("jobs: []\n");
        assertThat(quiet.err()).doesNotContain("not exported");
        // no Sekoia job: no zone lookup either (the stubs fail any other request); with --all-jobs, the zone
        // given by ID is named on stderr, after one lookup
        stub("GET", "/zones/" + ZONE_ID).ok("{\"id\":\"" + ZONE_ID + "\",\"name\":\"example.com\"}");
        CliResult all = run("export", "--zone", ZONE_ID, "--all-jobs");
        all.assertExit(0);
        for (int i = 0; i < vectors.length; i++) {
            assertThat(all.err()).containsPattern("job " + (100 + i) + " \\(zone example.com, "
                    + "http_requests\\): not exported: its destination \\([a-z<>_]*\\) is not a Sekoia intake");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "go0_job_logpull_options.json                          | ",
        "go0_job_output_options.json                           | ",
        "cf_auditlog_test_job_update.json                      | ",
        "cf_docs_curl_put_output_options_response_name_null.json | ",
        "go0_job_edge.json                                     | ",
        "go0_job_with_filter_string.json                       | invalid job name 'example.com static assets'",
        "cf_apiref_job_update_200_example.json                 | a record_template rewrites each record",
        "cf_docs_curl_create_response.json                     | invalid job name '<DOMAIN_NAME>'",
        "cf_auditlog_test_job_create.json                      | dataset casb_findings is not one Sekoia reads",
    })
    void pointedAtSekoiaEachShapeRoundTripsOrIsLeftOutWithItsReason(String vector, String why) throws IOException {
        ObjectNode job = shape(vector).put("id", 147)
                .put("destination_conf", "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                        + INTAKE_KEY);
        stub("GET", JOBS).ok("[" + job + "]");
        stub("GET", "/zones/" + ZONE_ID).ok("{\"id\":\"" + ZONE_ID + "\",\"name\":\"Example.com\"}");
        CliResult export = run("export", "--zone", ZONE_ID);
        export.assertExit(0);
        assertNoIntakeKey(export);
        if (why != null) {
            assertThat(export.err()).contains("job 147 (zone example.com, " + job.path("dataset").asText()
                    + "): not exported: " + why);
            assertThat(export.out()).endsWith("jobs: []\n");
            return;
        }
        // a zone given by ID: its ID in zones, its name in the variable and on stderr
        String variable = "SEKOIA_KEY_EXAMPLE_COM_HTTP_REQUESTS";
        assertThat(export.out()).contains("intake_key: \"${" + variable + "}\"").contains("  - zones:\n      - " + ZONE_ID + "\n");
        assertThat(export.err()).contains("  " + variable + "  Inta…  zone example.com http_requests job 147")
                .doesNotContain("not exported");
        Path file = Files.writeString(dir.resolve("exported.yaml"), export.out());
        env.put(variable, INTAKE_KEY);
        CliResult plan = run("apply", "-f", file.toString(), "--plan", "--detailed-exitcode");
        plan.assertExit(0);
        assertThat(plan.out()).contains("= unchanged").contains("Plan: 0 to create, 0 to update, 1 unchanged");
    }

    @Test
    void theJobSurfaceRoundTripsAsAnOutputOptionsMappingAndTheAttackFilter() throws IOException {
        ObjectNode job = shape("cf_apiref_job_update_200_example.json").put("id", 147)
                .put("destination_conf", "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                        + INTAKE_KEY);
        ObjectNode oo = job.putObject("output_options");
        oo.putArray("field_names").add("ClientIP").add("RayID");
        oo.put("timestamp_format", "unixnano").put("sample_rate", 0.5).put("merge_subrequests", true)
                .put("record_prefix", "{").put("output_type", "ndjson");
        stub("GET", JOBS).ok("[" + job + "]");
        stub("GET", "/zones/" + ZONE_ID).reply(500, "{}");
        CliResult export = run("export", "--zone", ZONE_ID).assertExit(0);
        assertThat(export.out()).contains("sample_rate: 0.5").contains("merge_subrequests: true")
                .contains("filter_attack_traffic: true").doesNotContain("record_prefix");
        Path file = Files.writeString(dir.resolve("surface.yaml"), export.out());
        // the zone's name could not be read: its ID names the variable, and the export goes on
        env.put("SEKOIA_KEY_" + ZONE_ID.toUpperCase() + "_HTTP_REQUESTS", INTAKE_KEY);
        CliResult plan = run("apply", "-f", file.toString(), "--plan", "--detailed-exitcode").assertExit(0);
        assertThat(plan.out()).contains("Plan: 0 to create, 0 to update, 1 unchanged");
    }

    @Test
    void sekoiasDocumentedAnswerIsLeftOutForItsPlaceholderFields() {
        stub("GET", ACCOUNT_JOBS).ok("[" + shape("sekoia_doc_create_response_gateway_network.json") + "]");
        CliResult export = run("export", "--account", ACCOUNT_ID);
        export.assertExit(0);
        assertThat(export.err()).contains("job 0 (account " + ACCOUNT_ID + ", gateway_network): not exported: ");
    }
}
