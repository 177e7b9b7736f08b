package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.logpush.sekoia.Catalog;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fields a dataset's Sekoia parser reads: the sekoia preset satisfies them (issue 13.9, 18.8). */
class ParserFieldsTest extends CloudflareShapesTest {
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
        if (!zone) {
            stub("GET", AlertsCommandTest.POLICIES).ok("[" + AlertsCommandTest.OURS + "]");
        }
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
}
