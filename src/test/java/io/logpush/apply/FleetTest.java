package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/** check -f and list -f: every zone and account of an apply file, against a sandbox of 200 zones. */
class FleetTest extends SandboxHarness {
    static final String FLEET = """
            jobs:
              - zones: all
                dataset: firewall_events
                intake_key: ${KEY_A}
              - account: ${ACCOUNT}
                dataset: gateway_dns
                intake_key: ${KEY_B}
            """;

    Path fleetFile() throws IOException {
        Path file = dir.resolve("fleet.yaml");
        Files.writeString(file, FLEET);
        return file;
    }

    @Test
    void checkAndListAWholeFleet() throws Exception {
        start(200, 100_000, 60);
        apply(FLEET).assertExit(0);
        run("alerts", "ensure", "--account", sandbox.accountId(), "--email", "soc@example.com").assertExit(0);
        String file = fleetFile().toString();

        CliResult check = run("check", "-f", file, "--concurrency", "8");
        check.assertExit(0);
        List<String> lines = check.out().lines().toList();
        assertThat(lines.stream().filter(l -> l.startsWith("✓ zone "))).hasSize(200);
        assertThat(lines).contains("✓ account " + sandbox.accountId() + "  5 ✓  0 !  0 ✗".replace("  5", "  "
                + lines.stream().filter(l -> l.startsWith("✓ account")).findFirst().orElseThrow()
                .replaceAll(".*  (\\d+) ✓.*", "$1")));
        assertThat(check.out()).endsWith("Fleet: 201 scopes, 201 ✓, 0 !, 0 ✗.\n");
        // the token, the zone pages, one job list per scope, the fields once per (scope kind, dataset, plan), the
        // account's notification policies, the upload history (200 zones 10 a request, and the account)
        assertThat(requests().stream().filter(q -> q.endsWith("/fields"))).hasSize(2);
        assertThat(writes()).isEmpty();
        assertThat(requests().stream().filter(q -> q.endsWith("/graphql"))).hasSize(20 + 1);
        assertThat(requests()).hasSize(1 + 4 + 201 + 2 + 1 + 21);

        String zone7 = id("zone7.example.com");
        JsonNode zone7Jobs = run("list", "--zone", zone7, "-o", "json").json();
        run("delete", zone7Jobs.get(0).get("id").asText(), "--zone", zone7, "--yes").assertExit(0);

        CliResult failing = run("check", "-f", file);
        failing.assertExit(1);
        assertThat(failing.text()).contains("✗ zone zone7.example.com 1 ✓ 0 ! 1 ✗\n"
                + " ✗ jobs: no firewall_events job sends to Sekoia in zone zone7.example.com\n"
                + " fix: logpush apply -f " + file + "\n")
                .endsWith("Fleet: 201 scopes, 200 ✓, 0 !, 1 ✗.\n");

        CliResult json = run("check", "-f", file, "-o", "json");
        json.assertExit(1);
        JsonNode root = json.json();
        assertThat(root.get("ok").asBoolean()).isFalse();
        assertThat(root.get("summary").get("scopes").asInt()).isEqualTo(201);
        assertThat(root.get("checks")).allMatch(c -> c.has("scope") && c.has("scope_id"));
        assertThat(root.get("checks")).anyMatch(c -> c.get("scope_name").asText().equals("zone7.example.com")
                && c.get("status").asText().equals("failure"));

        CliResult list = run("list", "-f", file, "--sekoia");
        list.assertExit(0);
        List<String> rows = list.out().lines().toList();
        // without a terminal, tab-separated rows without a header, the scope first
        assertThat(rows).hasSize(199 + 1);
        assertThat(rows.get(0)).startsWith("zone zone1.example.com\t");
        assertThat(rows).anyMatch(r -> r.startsWith("account " + sandbox.accountId() + "\t") && r.contains("gateway_dns"))
                .noneMatch(r -> r.startsWith("zone zone7.example.com\t"));
        env.put("LOGPUSH_FORCE_TTY", "1");
        assertThat(run("list", "-f", file, "--sekoia", "--no-color").out().lines().findFirst().orElseThrow())
                .startsWith("SCOPE").contains("ID").contains("DESTINATION");
        env.remove("LOGPUSH_FORCE_TTY");
        JsonNode listed = run("list", "-f", file, "--sekoia", "-o", "json").json();
        assertThat(listed).hasSize(200).allMatch(j -> j.has("scope_name"));

        run("check", "-f", file, "--zone", "zone1.example.com").assertExit(2);
    }
}
