package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.Job;
import io.logpush.sekoia.Catalog;
import org.junit.jupiter.api.Test;

/** What would break Sekoia's parsers, judged without HTTP: output_options, a job's other properties, refusals. */
class SekoiaFormatGuardTest {
    static ObjectNode oo() {
        return JsonNodeFactory.instance.objectNode();
    }

    static List<Boolean> breaks(List<SekoiaFormatGuard.Finding> findings) {
        return findings.stream().map(SekoiaFormatGuard.Finding::breaks).toList();
    }

    @Test
    void plainNdjsonHasNoFinding() {
        assertThat(SekoiaFormatGuard.outputOptions("firewall_events", null)).isEmpty();
        assertThat(SekoiaFormatGuard.outputOptions("firewall_events", oo())).isEmpty();
        ObjectNode plain = oo().put("output_type", "NDJSON").put("record_prefix", "{").put("record_suffix", "}\n")
                .put("record_delimiter", "").put("batch_prefix", "").put("batch_suffix", "")
                .put("field_delimiter", ",").put("sample_rate", 1.0).put("record_template", "");
        assertThat(SekoiaFormatGuard.outputOptions("firewall_events", plain)).isEmpty();
    }

    @Test
    void eachShapingKeyThatDiffersBreaksTheParser() {
        for (String key : JobSurface.shaping().stream().map(JobSurface.Key::name).toList()) {
            ObjectNode o = oo().put(key, key.equals("output_type") ? "csv" : "<x>");
            assertThat(breaks(SekoiaFormatGuard.outputOptions("firewall_events", o))).as(key).containsExactly(true);
            assertThat(SekoiaFormatGuard.outputOptions("firewall_events", o).get(0).message()).as(key).contains(key);
        }
    }

    @Test
    void samplingASecurityDatasetIsAWarningAndOtherDatasetsAreNotJudged() {
        ObjectNode sampled = oo().put("sample_rate", 0.1);
        assertThat(breaks(SekoiaFormatGuard.outputOptions("firewall_events", sampled))).containsExactly(false);
        assertThat(SekoiaFormatGuard.outputOptions("firewall_events", sampled).get(0).message()).contains("10 %");
        assertThat(SekoiaFormatGuard.outputOptions("workers_trace_events", sampled)).isEmpty();
    }

    @Test
    void plainNdjsonDropsOnlyTheShapingKeys() {
        ObjectNode o = oo().put("output_type", "csv").put("record_template", "x").put("sample_rate", 0.5)
                .put("timestamp_format", "unixnano");
        ObjectNode plain = SekoiaFormatGuard.plainNdjson(o);
        assertThat(plain).isEqualTo(oo().put("sample_rate", 0.5).put("timestamp_format", "unixnano"));
        assertThat(o.has("output_type")).as("the input is not changed").isTrue();
    }

    @Test
    void aJobIsJudgedOnItsOutputOptionsTransformerAndAttackFilter() {
        ObjectNode raw = JsonNodeFactory.instance.objectNode().put("id", 1).put("dataset", "firewall_events")
                .put("transformer_id", "t-1").put("filter_attack_traffic", true);
        raw.set("output_options", oo().put("output_type", "csv"));
        assertThat(breaks(SekoiaFormatGuard.judge(Job.from(raw)))).containsExactly(true, false, false);
        raw.put("dataset", "http_requests").put("transformer_id", "").remove("output_options");
        assertThat(SekoiaFormatGuard.judge(Job.from(raw))).as("the attack filter matters for firewall_events")
                .isEmpty();
    }

    @Test
    void refusalsAreAMisdatingFormatAndAListWithoutTheTimeField() {
        Catalog.Dataset fw = Catalog.get().dataset("firewall_events").orElseThrow();
        String good = JobSpec.defaultTimestamps("firewall_events");
        assertThat(SekoiaFormatGuard.refusals("firewall_events", good, fw.fields(), "--timestamps", "--fields"))
                .isEmpty();
        assertThat(SekoiaFormatGuard.refusals("firewall_events", null, null, "--timestamps", "--fields")).isEmpty();

        List<SekoiaFormatGuard.Refusal> misdated = SekoiaFormatGuard.refusals("firewall_events", "unix", null,
                "--timestamps", "--fields");
        assertThat(misdated).hasSize(1);
        assertThat(misdated.get(0).refused()).isEqualTo("unix");
        assertThat(misdated.get(0).fix()).isEqualTo("use --timestamps " + good);

        List<SekoiaFormatGuard.Refusal> noTime = SekoiaFormatGuard.refusals("firewall_events", null,
                List.of("RayID"), "--timestamps", "'fields'");
        assertThat(noTime).hasSize(1);
        assertThat(noTime.get(0).fix()).isEqualTo("add " + fw.timeField() + " to 'fields'");
    }
}
