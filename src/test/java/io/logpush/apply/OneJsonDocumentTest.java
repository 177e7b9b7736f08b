package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * docs/ci.md: with -o json, stdout is one JSON document per run, always. Every command that has -o json runs
 * against the sandbox (successes, dry runs, and the cheap errors), and its stdout is read as one JSON value followed
 * by the end of the input, or is empty.
 */
class OneJsonDocumentTest extends SandboxHarness {
    /** Exactly one JSON value, then nothing (whitespace aside); null for an empty stdout. */
    static JsonNode oneDocument(String what, String stdout) throws IOException {
        if (stdout.isBlank()) {
            return null;
        }
        try (JsonParser p = Fixtures.MAPPER.getFactory().createParser(stdout)) {
            JsonNode value = Fixtures.MAPPER.readTree(p);
            assertThat(p.nextToken()).as("%s: stdout holds more than one JSON document:%n%s", what, stdout).isNull();
            return value;
        }
    }

    @Test
    void everyCommandWithJsonOutputPrintsOneDocument() throws Exception {
        start(2, 1200, 300);
        env.put("SEKOIA_API_KEY", sandbox.sekoiaKey());
        env.put("SEKOIA_API_URL", sandbox.sekoiaUrl());
        String zone = sandbox.zoneName();
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"datasets", "-o", "json"});
        runs.add(new String[] {"fields", "--zone", zone, "-o", "json"});
        runs.add(new String[] {"create", "--zone", zone, "--create-intake", "--dry-run", "-o", "json"});
        runs.add(new String[] {"create", "--zone", zone, "--intake-key", KEY_A, "--force", "--dry-run", "-o", "json"});
        runs.add(new String[] {"create", "--zone", zone, "--intake-key", KEY_A, "--force", "-o", "json"});
        runs.add(new String[] {"create", "--zone", zone, "--intake-key", KEY_A, "--force", "-o", "json"}); // exit 6: the job
        runs.add(new String[] {"create", "--zone", zone, "--create-intake", "--dataset", "http_requests", "-o", "json"});
        runs.add(new String[] {"list", "--zone", zone, "-o", "json"});
        runs.add(new String[] {"list", "--zone", zone, "--sekoia", "-o", "json"});
        runs.add(new String[] {"intakes", "--zone", zone, "-o", "json"});
        runs.add(new String[] {"check", "--zone", zone, "-o", "json"});
        runs.add(new String[] {"get", "1", "--zone", zone, "-o", "json"});
        runs.add(new String[] {"get", "999", "--zone", zone, "-o", "json"});
        runs.add(new String[] {"update", "1", "--zone", zone, "--name", "renamed", "--dry-run", "-o", "json"});
        runs.add(new String[] {"update", "1", "--zone", zone, "--name", "renamed", "-o", "json"});
        runs.add(new String[] {"disable", "1", "--zone", zone, "--dry-run", "-o", "json"});
        runs.add(new String[] {"disable", "1", "--zone", zone, "-o", "json"});
        runs.add(new String[] {"enable", "1", "--zone", zone, "-o", "json"});
        runs.add(new String[] {"delete", "1", "--zone", zone, "--dry-run", "-o", "json"});
        runs.add(new String[] {"list", "--zone", "bad zone", "-o", "json"});
        runs.add(new String[] {"list", "--zone", zone, "-o", "json", "--unknown"});
        // the exit codes: successes, exit 6 with the existing job, exit 3, usage errors (check: whatever it finds)
        int[] expected = {0, 0, 0, 0, 0, 6, 0, 0, 0, 0, -1, 0, 3, 0, 0, 0, 0, 0, 0, 2, 2};
        List<String> seen = new ArrayList<>();
        for (String[] args : runs) {
            CliResult r = run(args);
            String what = String.join(" ", args) + " (exit " + r.code() + ")";
            JsonNode doc = oneDocument(what, r.out());
            int want = expected[seen.size()];
            if (want >= 0) {
                assertThat(r.code()).as(what + "\n" + r.err()).isEqualTo(want);
            }
            assertThat(doc == null).as(what + ": stdout empty").isEqualTo(want == 2 || want == 3);
            seen.add(what);
        }
        CliResult plan = apply("""
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake_key: ${KEY_B}
                """.formatted(zone), "--plan", "-o", "json");
        assertThat(oneDocument("apply --plan", plan.out())).isNotNull();
        CliResult applied = apply("""
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake_key: ${KEY_B}
                """.formatted(zone), "-o", "json");
        assertThat(oneDocument("apply", applied.out())).isNotNull();
        CliResult delete = run("delete", "1", "--zone", zone, "--yes", "-o", "json");
        delete.assertExit(0);
        oneDocument("delete", delete.out());
        CliResult createIntakeDryRun = run("create", "--zone", zone, "--create-intake", "--dataset", "dns_logs",
                "--dry-run", "-o", "json");
        JsonNode one = oneDocument("create --create-intake --dry-run", createIntakeDryRun.out());
        assertThat(one.get("method").asText()).isEqualTo("POST");
        assertThat(one.at("/sekoia_request/method").asText()).isEqualTo("POST");
        assertThat(one.at("/sekoia_request/url").asText()).endsWith("/v1/sic/conf/intakes");
        assertThat(seen).hasSize(runs.size());
    }
}
