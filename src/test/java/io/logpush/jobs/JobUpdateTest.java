package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import org.junit.jupiter.api.Test;

/** The partial PUT plan without HTTP: which properties change, the body that carries only them, the move. */
class JobUpdateTest {
    static final String DEST = "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=KeyA";
    static final String LOGPULL = "fields=RayID,ClientIP&timestamps=unixnano";

    static Job job(String logpull, ObjectNode outputOptions) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("id", 147).put("dataset", "firewall_events")
                .put("name", "sekoia-firewall-events").put("enabled", true).put("destination_conf", DEST)
                .put("max_upload_bytes", 5_000_000L);
        if (logpull != null) {
            o.put("logpull_options", logpull);
        }
        if (outputOptions != null) {
            o.set("output_options", outputOptions);
        }
        return Job.from(o);
    }

    /** The one place the tests build a spec (JobSpec's construction is being reshaped). */
    static JobSpec want(String name, Boolean enabled, List<String> fields, String timestamps, String destination,
                        Long maxUploadBytes, boolean outputOptions, ObjectNode extras) {
        return JobSpec.builder().dataset("firewall_events").name(name).enabled(enabled).fields(fields)
                .timestamps(timestamps).destination(destination).maxUploadBytes(maxUploadBytes)
                .outputOptions(outputOptions).outputExtras(extras).build();
    }

    static JobSpec nothing() {
        return want(null, null, null, null, null, null, false, null);
    }

    static List<String> properties(JobUpdate.Plan plan) {
        return plan.changes().stream().map(JobUpdate.Change::property).toList();
    }

    @Test
    void nothingAskedOrNothingDifferentIsAnEmptyPlan() {
        Job j = job(LOGPULL, null);
        for (JobSpec w : List.of(nothing(), want("sekoia-firewall-events", true, List.of("ClientIP", "RayID"),
                "unixnano", DEST, 5_000_000L, false, null))) {
            JobUpdate.Plan p = JobUpdate.plan(j, w);
            assertThat(p.changes()).isEmpty();
            assertThat(p.body().isEmpty()).isTrue();
        }
    }

    @Test
    void theBodyCarriesOnlyWhatChanges() {
        JobUpdate.Plan p = JobUpdate.plan(job(LOGPULL, null),
                want("renamed", false, null, null, DEST.replace("KeyA", "KeyB"), 1_000_000L, false, null));
        assertThat(properties(p)).containsExactly("name", "enabled", "destination_conf", "max_upload_bytes");
        assertThat(p.body().properties()).extracting(e -> e.getKey())
                .containsExactlyInAnyOrder("name", "enabled", "destination_conf", "max_upload_bytes");
        assertThat(p.body().get("enabled").asBoolean()).isFalse();
        assertThat(p.body().get("max_upload_bytes").asLong()).isEqualTo(1_000_000L);
    }

    @Test
    void fieldsAndTimestampsStayInTheLogpullStringOfALogpullJob() {
        JobUpdate.Plan p = JobUpdate.plan(job(LOGPULL, null),
                want(null, null, List.of("RayID", "ClientIP", "EdgeStartTimestamp"), "rfc3339", null, null, false, null));
        assertThat(properties(p)).containsExactly("fields", "timestamps");
        assertThat(p.body().properties()).extracting(e -> e.getKey()).containsExactly("logpull_options");
        assertThat(p.body().get("logpull_options").asText()).contains("RayID,ClientIP,EdgeStartTimestamp")
                .contains("timestamps=rfc3339");
    }

    @Test
    void anOutputOptionsJobHasItsObjectEditedAndTheRestKept() {
        ObjectNode oo = JsonNodeFactory.instance.objectNode().put("timestamp_format", "unixnano").put("sample_rate", 1);
        oo.putArray("field_names").add("RayID");
        JobUpdate.Plan p = JobUpdate.plan(job(null, oo), want(null, null, List.of("RayID", "ClientIP"), null, null,
                null, false, null));
        assertThat(properties(p)).containsExactly("fields");
        JsonNode sent = p.body().get("output_options");
        assertThat(sent.get("field_names")).extracting(JsonNode::asText).containsExactly("RayID", "ClientIP");
        assertThat(sent.get("timestamp_format").asText()).isEqualTo("unixnano");
        assertThat(sent.get("sample_rate").asInt()).isEqualTo(1);
        assertThat(p.body().has("logpull_options")).isFalse();
    }

    @Test
    void theMoveToOutputOptionsCarriesEveryParameterAndNullsTheString() {
        JobUpdate.Plan p = JobUpdate.plan(job(LOGPULL, null), want(null, null, null, null, null, null, true, null));
        assertThat(properties(p)).containsExactly("output_options");
        assertThat(p.body().get("logpull_options").isNull()).isTrue();
        JsonNode oo = p.body().get("output_options");
        assertThat(oo.get("field_names")).extracting(JsonNode::asText).containsExactly("RayID", "ClientIP");
        assertThat(oo.get("timestamp_format").asText()).isEqualTo("unixnano");
    }

    @Test
    void extrasAloneMoveTheJobAndOnlyChangedExtrasCount() {
        ObjectNode extras = JsonNodeFactory.instance.objectNode().put("sample_rate", 0.5);
        JobUpdate.Plan move = JobUpdate.plan(job(LOGPULL, null), want(null, null, null, null, null, null, false, extras));
        assertThat(properties(move)).containsExactly("output_options", "output_options");
        assertThat(move.body().get("output_options").get("sample_rate").asDouble()).isEqualTo(0.5);

        ObjectNode oo = JsonNodeFactory.instance.objectNode().put("sample_rate", 0.5).put("timestamp_format", "unixnano");
        assertThat(JobUpdate.plan(job(null, oo), want(null, null, null, null, null, null, false, extras)).changes())
                .isEmpty();
    }

    @Test
    void aParameterTheMoveWouldLoseIsRefused() {
        Job j = job(LOGPULL + "&CVE-2021-44228=true&unknown_parameter=1", null);
        assertThatThrownBy(() -> JobUpdate.plan(j, want(null, null, null, null, null, null, true, null)))
                .isInstanceOf(LogpushException.class);
    }

    @Test
    void theFieldsChangeIsDescribedByWhatIsAddedAndRemoved() {
        assertThat(JobUpdate.describeFields(List.of("A", "B"), List.of("B", "C", "D")))
                .contains("+2").contains("C, D").contains("-1").contains("A");
        assertThat(JobUpdate.describeFields(List.of(), List.of("A", "B", "C", "D", "E", "F", "G")))
                .contains("+7").contains("2 more");
    }
}
