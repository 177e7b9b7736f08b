package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import org.junit.jupiter.api.Test;

/** JobSurface's table and rules, without the CLI: each check takes the label the caller names its input by. */
class JobSurfaceRulesTest {
    static final Scope.Kind ZONE = Scope.Kind.ZONE;

    static Map<String, String> pairs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void eachKeyIsReadAsItsType() {
        ObjectNode oo = JobSurface.outputOptions(pairs("CVE-2021-44228", "TRUE", "sample_rate", "0.25",
                "output_type", "ndjson", "record_delimiter", "\\n", "merge_subrequests", "false"), "http_requests",
                ZONE, "--output-option");
        assertThat(oo.get("CVE-2021-44228").isBoolean()).isTrue();
        assertThat(oo.get("sample_rate").doubleValue()).isEqualTo(0.25);
        assertThat(oo.get("output_type").asText()).isEqualTo("ndjson");
        assertThat(oo.get("record_delimiter").asText()).isEqualTo("\n");
        assertThat(oo.get("merge_subrequests").booleanValue()).isFalse();
    }

    @Test
    void everyCheckNamesTheLabelItWasGiven() {
        for (String label : List.of("--output-option", "output_options")) {
            assertThatThrownBy(() -> JobSurface.outputOptions(pairs("sample_rte", "1"), "dns_logs", ZONE, label))
                    .isInstanceOf(LogpushException.class).hasMessageContaining(label)
                    .hasMessageContaining("sample_rate");
            assertThatThrownBy(() -> JobSurface.outputOptions(pairs("sample_rate", "0"), "dns_logs", ZONE, label))
                    .hasMessageStartingWith(label + " sample_rate=0");
            assertThatThrownBy(() -> JobSurface.outputOptions(pairs("output_type", "xml"), "dns_logs", ZONE, label))
                    .hasMessageStartingWith(label + " output_type=xml");
            assertThatThrownBy(() -> JobSurface.outputOptions(pairs("field_names", "a"), "dns_logs", ZONE, label))
                    .hasMessageStartingWith(label + " field_names");
        }
        assertThatThrownBy(() -> JobSurface.requireKind("edge", "dns_logs", "--kind"))
                .hasMessageStartingWith("--kind edge");
        assertThatThrownBy(() -> JobSurface.requireAttackFilter("dns_logs", "--filter-attack-traffic"))
                .hasMessageStartingWith("--filter-attack-traffic");
    }

    @Test
    void aKeyOfferedForOneDatasetAndScopeIsRefusedElsewhere() {
        JobSurface.Key merge = JobSurface.key("merge_subrequests").orElseThrow();
        assertThat(merge.offeredFor("http_requests", Scope.Kind.ZONE)).isTrue();
        assertThat(merge.offeredFor("http_requests", Scope.Kind.ACCOUNT)).isFalse();
        assertThat(merge.offeredFor("firewall_events", Scope.Kind.ZONE)).isFalse();
        assertThatThrownBy(() -> JobSurface.outputOptions(pairs("merge_subrequests", "true"), "firewall_events",
                ZONE, "x")).isInstanceOf(LogpushException.class).hasMessageContaining("http_requests");
        assertThat(JobSurface.key("sample_rate").orElseThrow().offeredFor("gateway_dns", Scope.Kind.ACCOUNT))
                .isTrue();
    }

    @Test
    void kindEdgeIsForHttpRequestsOnly() {
        assertThat(JobSurface.kindProblem(null, "dns_logs")).isEmpty();
        assertThat(JobSurface.kindProblem("edge", "http_requests")).isEmpty();
        assertThat(JobSurface.kindProblem("edge", "firewall_events")).isPresent();
        assertThat(JobSurface.kindProblem("", "http_requests")).isPresent();
        assertThat(JobSurface.kindProblem("instant-logs", "http_requests")).isPresent();
    }

    @Test
    void attackFilterIsOfferedForItsThreeDatasets() {
        assertThat(JobSurface.ATTACK_FILTER_DATASETS).containsExactly("http_requests", "firewall_events",
                "network_analytics_logs");
        JobSurface.ATTACK_FILTER_DATASETS.forEach(d -> assertThat(JobSurface.attackFilterProblem(d)).isEmpty());
        assertThat(JobSurface.attackFilterProblem("dns_logs")).isPresent();
    }

    @Test
    void everyKeyThatShapesRecordsHasAnNdjsonDefaultTheGuardAcceptsAndOtherValuesItRefuses() {
        assertThat(JobSurface.shaping()).extracting(JobSurface.Key::name).containsExactly("output_type",
                "record_template", "record_prefix", "record_suffix", "record_delimiter", "batch_prefix",
                "batch_suffix", "field_delimiter");
        for (JobSurface.Key k : JobSurface.shaping()) {
            ObjectNode plain = JsonNodeFactory.instance.objectNode().set(k.name(), k.ndjson());
            assertThat(SekoiaFormatGuard.outputOptions("dns_logs", plain)).as(k.name()).isEmpty();
            ObjectNode other = JsonNodeFactory.instance.objectNode().put(k.name(), "csv|");
            assertThat(SekoiaFormatGuard.outputOptions("dns_logs", other)).as(k.name()).singleElement()
                    .matches(SekoiaFormatGuard.Finding::breaks);
            assertThat(SekoiaFormatGuard.plainNdjson(other).has(k.name())).isFalse();
        }
    }

    @Test
    void theTableListsEachKeyOnceAndNotTheKeysOfTheirOwnOptions() {
        assertThat(JobSurface.keys()).doesNotHaveDuplicates().doesNotContainAnyElementsOf(JobSurface.OWN_KEYS.keySet())
                .startsWith("CVE-2021-44228", "sample_rate");
        JobSurface.OUTPUT_OPTIONS.stream().filter(k -> !k.carried() && k.type() != JobSurface.Type.BOOLEAN)
                .forEach(k -> assertThat(k.ndjson()).as(k.name()).isNotNull());
    }
}
