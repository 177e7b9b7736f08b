package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import io.logpush.testing.CliResult;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToggleAndDeleteTest extends ApiTest {
    static final String ENABLED = SEKOIA_JOB;
    static final String DISABLED = job("enabled", false);

    @Test
    void enableSendsEnabledTrue() {
        stub("GET", JOB_147).ok(DISABLED);
        stub("PUT", JOB_147).ok(ENABLED);
        CliResult r = run("enable", "147", "--zone", ZONE_ID).assertExit(0);
        assertThat(take().getMethod()).isEqualTo("GET");
        RecordedRequest put = take();
        assertThat(put.getMethod()).isEqualTo("PUT");
        assertThat(target(put)).isEqualTo("/zones/" + ZONE_ID + "/logpush/jobs/147");
        assertThat(body(put)).isEqualTo(json("{\"enabled\":true}"));
        assertThat(r.out()).isEqualTo("Enabled job 147 (sekoia-firewall-events)\n");
    }

    @Test
    void disableSendsEnabledFalse() {
        stub("GET", JOB_147).ok(ENABLED);
        stub("PUT", JOB_147).ok(DISABLED);
        CliResult r = run("disable", "147", "--zone", ZONE_ID, "-o", "json");
        take();
        assertThat(body(take())).isEqualTo(json("{\"enabled\":false}"));
        assertThat(r.json().get("enabled").asBoolean()).isFalse();
        assertNoIntakeKey(r);
    }

    @Test
    void alreadyInThatStateSendsNoPut() {
        stub("GET", JOB_147).ok(ENABLED).ok(DISABLED);
        CliResult on = run("enable", "147", "--zone", ZONE_ID).assertExit(0);
        assertThat(on.out()).isEqualTo("job 147 (sekoia-firewall-events) is already enabled\n");
        CliResult off = run("disable", "147", "--zone", ZONE_ID);
        assertThat(off.out()).isEqualTo("job 147 (sekoia-firewall-events) is already disabled\n");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void enableDryRunSendsNoPut() {
        stub("GET", JOB_147).ok(DISABLED);
        CliResult r = run("enable", "147", "--zone", ZONE_ID, "--dry-run", "-o", "json");
        assertThat(r.json()).isEqualTo(json("{\"method\":\"PUT\",\"url\":\"" + apiUrl() + "/zones/" + ZONE_ID
                + "/logpush/jobs/147\",\"body\":{\"enabled\":true}}"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":147}", "{}", "null"})
    void deleteAcceptsEachResultShape(String result) {
        stub("GET", JOB_147).ok(ENABLED);
        stub("DELETE", JOB_147).reply(200, """
                {"success":true,"errors":null,"messages":null,"result":%s}""".formatted(result));

        CliResult r = run("delete", "147", "--zone", ZONE_ID, "--yes").assertExit(0);

        assertThat(r.out()).isEqualTo("Deleted job 147 (sekoia-firewall-events)\n");
        take();
        RecordedRequest del = take();
        assertThat(del.getMethod()).isEqualTo("DELETE");
        assertThat(target(del)).isEqualTo("/zones/" + ZONE_ID + "/logpush/jobs/147");
    }

    @Test
    void deleteWithoutATerminalOrYesIsRefusedBeforeAnyRequest() {
        CliResult r = run("delete", "147", "--zone", ZONE_ID).assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: refusing to delete job 147 without confirmation: pass --yes "
                + "to delete without a prompt\n");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void deleteOfAMissingJobIsExit3() {
        stub("GET", JOBS + "/9").reply(404, error(1003, "job not found"));
        run("delete", "9", "--zone", ZONE_ID, "--yes").assertExit(3);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void deleteOnATerminalAsksAndHonoursYes() {
        stub("GET", JOB_147).ok(ENABLED);
        stub("DELETE", JOB_147).ok("{\"id\":147}");
        Main.Terminal tty = new Main.Terminal(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)),
                true, true);

        CliResult r = run(tty, "delete", "147", "--zone", ZONE_ID).assertExit(0);

        assertThat(r.err()).contains("destination: https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=Inta…")
                .endsWith("Delete job 147 (sekoia-firewall-events)? [y/N] ");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertNoIntakeKey(r);
    }

    @Test
    void deleteOnATerminalKeepsTheJobOnAnythingButYes() {
        stub("GET", JOB_147).ok(ENABLED);
        Main.Terminal tty = new Main.Terminal(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)),
                true, true);
        CliResult r = run(tty, "delete", "147", "--zone", ZONE_ID).assertExit(1);
        assertThat(r.err()).contains("cancelled: job 147 not deleted");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void deleteDryRunPrintsTheCurlCommand() {
        stub("GET", JOB_147).ok(ENABLED);
        CliResult r = run("delete", "147", "--zone", ZONE_ID, "--dry-run");
        assertThat(r.out()).isEqualTo("curl -X DELETE '" + apiUrl() + "/zones/" + ZONE_ID + "/logpush/jobs/147' \\\n"
                + "  -H \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\"\n");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void globalKeyDryRunNamesTheVariables() {
        env.put("CLOUDFLARE_API_TOKEN", null);
        env.put("CLOUDFLARE_EMAIL", "soc@example.com");
        env.put("CLOUDFLARE_API_KEY", GLOBAL_KEY);
        stub("GET", JOB_147).ok(ENABLED);
        CliResult r = run("delete", "147", "--zone", ZONE_ID, "--dry-run");
        assertThat(r.out()).contains("-H \"X-Auth-Email: $CLOUDFLARE_EMAIL\" -H \"X-Auth-Key: $CLOUDFLARE_API_KEY\"");
    }
}
