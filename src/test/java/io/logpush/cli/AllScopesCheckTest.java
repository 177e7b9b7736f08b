package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.sekoia.Catalog;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --all-zones --all-accounts (issue 22, section 6): every zone and account, and the coverage lines. */
class AllScopesCheckTest extends ApiTest {
    static final String ZONE_2 = "0000000000000000000000000000b002";

    static String id(String prefix, int i) {
        return prefix + String.format(Locale.ROOT, "%0" + (32 - prefix.length()) + "x", i);
    }

    /** A page of a listing, with result_info. */
    static String page(List<String> items, int page, int totalCount) {
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" + String.join(",", items)
                + "],\"result_info\":{\"page\":" + page + ",\"per_page\":50,\"count\":" + items.size()
                + ",\"total_count\":" + totalCount + ",\"total_pages\":" + ((totalCount + 49) / 50) + "}}";
    }

    static String zone(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"plan\":{\"legacy_id\":\"enterprise\"}}";
    }

    static String account(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"Account " + id.substring(28) + "\"}";
    }

    void healthyZone() {
        stub("GET", "/user/tokens/verify").reply(200, ok("{\"status\":\"active\",\"expires_on\":null}"));
        stub("GET", JOBS).ok("[" + SekoiaCheckTest.healthyJob() + "]");
        ObjectNode offered = MAPPER.createObjectNode();
        Catalog.get().dataset("firewall_events").orElseThrow().fields().forEach(f -> offered.put(f, "string; x"));
        stub("GET", FIELDS).ok(offered.toString());
    }

    static List<JsonNode> checks(JsonNode report, String id) {
        List<JsonNode> out = new ArrayList<>();
        report.get("checks").forEach(c -> {
            if (c.path("check").asText().equals(id)) {
                out.add(c);
            }
        });
        return out;
    }

    @Test
    void theNamedZoneJoinsEveryZoneAndAccountAndTheUncoveredOnesAreCoverageInfo() {
        healthyZone();
        stub("GET", "/zones").reply(200, page(List.of(zone(ZONE_ID, "example.com"), zone(ZONE_2, "new.example.com")),
                1, 2));
        stub("GET", "/accounts").reply(200, page(List.of(account(ACCOUNT_ID)), 1, 1));
        stub("GET", "/zones/" + ZONE_2 + "/logpush/jobs").ok("[]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs").ok("[]");
        JsonNode report = run("check", "--zone", ZONE_ID, "--all-zones", "--all-accounts", "-o", "json")
                .assertExit(0).json();
        List<JsonNode> coverage = checks(report, "coverage");
        assertThat(coverage).extracting(c -> c.path("status").asText()).containsOnly("info");
        assertThat(coverage).extracting(c -> c.path("message").asText()).containsExactly(
                "zone new.example.com sends no dataset to Sekoia: it is not monitored",
                "account " + ACCOUNT_ID + " sends no dataset to Sekoia: it is not monitored");
        assertThat(coverage.get(0).path("source").asText()).isEqualTo("cloudflare");
        assertThat(checks(report, "delivery")).hasSize(1);
        assertThat(stubs.calls("GET", JOBS)).isEqualTo(1);
        assertThat(stubs.seen()).filteredOn(s -> s.startsWith("GET /zones?") || s.startsWith("GET /accounts?"))
                .hasSize(2).allMatch(s -> s.contains("page=1") && s.contains("per_page=50"));

        stubs.reset();
        healthyZone();
        stub("GET", "/zones").reply(200, page(List.of(zone(ZONE_ID, "example.com"), zone(ZONE_2, "new.example.com")),
                1, 2));
        stub("GET", "/zones/" + ZONE_2 + "/logpush/jobs").ok("[]");
        CliResult table = run("check", "--all-zones").assertExit(0);
        assertThat(table.out()).contains("    i coverage: zone new.example.com sends no dataset to Sekoia: it is not "
                + "monitored");
    }

    @Test
    void listingsPageByResultInfoAndNeverAskForAnEmptyPage() {
        stub("GET", "/user/tokens/verify").reply(200, ok("{\"status\":\"active\",\"expires_on\":null}"));
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            String zid = id("a", i);
            zones.add(zone(zid, "z" + i + ".example.com"));
            stub("GET", "/zones/" + zid + "/logpush/jobs").ok("[]");
        }
        stub("GET", "/zones").reply(200, page(zones.subList(0, 50), 1, 51)).reply(200, page(zones.subList(50, 51),
                2, 51));
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String aid = id("c", i);
            accounts.add(account(aid));
            stub("GET", "/accounts/" + aid + "/logpush/jobs").ok("[]");
        }
        stub("GET", "/accounts").reply(200, page(accounts, 1, 50));
        JsonNode report = run("check", "--all-zones", "--all-accounts", "-o", "json").assertExit(0).json();
        assertThat(checks(report, "coverage")).hasSize(101);
        assertThat(stubs.calls("GET", "/zones")).isEqualTo(2);
        assertThat(stubs.calls("GET", "/accounts")).isEqualTo(1);
        assertThat(stubs.seen()).filteredOn(s -> s.startsWith("GET /zones?")).anyMatch(s -> s.contains("page=2"))
                .noneMatch(s -> s.contains("page=3"));
    }

    @Test
    void theyDoNotGoWithAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + ZONE_ID + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        CliResult r = run("check", "-f", file.toString(), "--all-accounts").assertExit(2);
        assertThat(r.err()).contains("--all-accounts and --file do not go together");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void listTakesTheUnionOfTheNamedAccountAndEveryZone(@TempDir Path dir) throws Exception {
        stub("GET", "/zones").reply(200, page(List.of(zone(ZONE_ID, "example.com"), zone(ZONE_2, "new.example.com")),
                1, 2));
        stub("GET", JOBS).ok("[" + job() + "]");
        stub("GET", "/zones/" + ZONE_2 + "/logpush/jobs").ok("[]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs").ok("[" + job("id", 9, "dataset", "gateway_dns")
                + "]");
        JsonNode jobs = run("list", "--account", ACCOUNT_ID, "--all-zones", "-o", "json").assertExit(0).json();
        assertThat(jobs).extracting(j -> j.path("scope").asText() + " " + j.path("scope_id").asText() + " "
                + j.path("id").asLong()).containsExactly("account " + ACCOUNT_ID + " 9", "zone " + ZONE_ID + " 147");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("GET /accounts?"));

        stubs.reset();
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, "jobs:\n  - zones: [" + ZONE_ID + "]\n    dataset: firewall_events\n"
                + "    intake_key: " + INTAKE_KEY + "\n");
        CliResult r = run("list", "-f", file.toString(), "--all-zones").assertExit(2);
        assertThat(r.err()).contains("--all-zones and --file do not go together");
        assertThat(stubs.seen()).isEmpty();
    }

    @Test
    void exportTakesTheUnionOfTheNamedZoneAndEveryAccountButNotAFile() {
        stub("GET", "/accounts").reply(200, page(List.of(account(ACCOUNT_ID)), 1, 1));
        stub("GET", JOBS).ok("[" + job() + "]");
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/jobs").ok("[" + job("id", 9, "dataset", "gateway_dns")
                + "]");
        CliResult r = run("export", "--zone", ZONE_ID, "--all-accounts", "-o", "json").assertExit(0);
        assertNoIntakeKey(r);
        JsonNode file = r.json();
        assertThat(file.get("jobs")).extracting(j -> j.path("dataset").asText()).containsExactly("gateway_dns",
                "firewall_events");
        assertThat(file.get("jobs").get(0).path("account").asText()).isEqualTo(ACCOUNT_ID);
        assertThat(r.err()).contains("of 2 zones and accounts");

        stubs.reset();
        CliResult refused = run("export", "--all-accounts", "-f", "-").assertExit(2);
        assertThat(refused.err()).contains("--all-accounts and --file do not go together");
        assertThat(stubs.seen()).isEmpty();
    }
}
