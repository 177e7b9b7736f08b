package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

class DatasetsCommandTest extends ApiTest {
    @Test
    void jsonListsTheNineSekoiaDatasetsWithoutNetwork() {
        env.put("CLOUDFLARE_API_TOKEN", null);
        CliResult r = run("datasets", "-o", "json").assertExit(0);
        JsonNode arr = r.json();
        assertThat(arr).hasSize(9);
        assertThat(arr.findValuesAsText("name")).containsExactly("firewall_events", "http_requests", "dns_logs",
                "audit_logs", "access_requests", "gateway_dns", "gateway_http", "gateway_network",
                "zero_trust_network_sessions");
        JsonNode fw = arr.get(0);
        assertThat(fw.get("timestamps").asText()).isEqualTo("unixnano");
        assertThat(fw.get("scopes").toString()).isEqualTo("[\"zone\",\"account\"]");
        assertThat(fw.get("format_uuid").asText()).isEqualTo("16676d72-463e-4b8a-b13a-f8dd48cddc8c");
        StringBuilder names = new StringBuilder();
        fw.get("fields").forEach(f -> names.append(names.length() > 0 ? "," : "").append(f.asText()));
        // the guide's list, plus what the parser reads that the guide lacks
        assertThat(names + "\n").isEqualTo(fixture("firewall_events_names.txt")
                .replace("Datetime,", "Datetime,Description,").replace(",RayID,", ",RayID,Ref,"));
        for (JsonNode d : arr) {
            String scope = d.get("scopes").get(0).asText();
            assertThat(d.get("timestamps").asText()).isEqualTo(scope.equals("zone") ? "unixnano" : "rfc3339");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void tableHasOneRowPerDataset() {
        CliResult r = run("datasets");
        assertThat(r.out().lines()).hasSize(9);
        assertThat(r.out()).contains("gateway_dns\taccount\trfc3339\t32\tCloudflare Gateway DNS\t");
    }
}
