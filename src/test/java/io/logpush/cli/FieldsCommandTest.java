package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpush.testing.CliResult;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class FieldsCommandTest extends ApiTest {

    @Test
    void namesPrintsTheSeedListExactly() {
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));

        CliResult r = run("fields", "--zone", ZONE_ID, "-o", "names").assertExit(0);

        assertThat(r.out()).isEqualTo(fixture("firewall_events_names.txt"));
        assertThat(r.err()).isEmpty();
        RecordedRequest req = take();
        assertThat(req.getMethod()).isEqualTo("GET");
        assertThat(target(req)).isEqualTo("/zones/" + ZONE_ID + "/logpush/datasets/firewall_events/fields");
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.getHeaders().get("X-Auth-Key")).isNull();
        assertThat(req.getHeaders().get("User-Agent")).startsWith("logpush/");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void tableOnAPipeIsTabSeparatedWithTypeAndDescriptionSplit() {
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));

        CliResult r = run("fields", "--zone", ZONE_ID).assertExit(0);

        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(28);
        assertThat(lines).contains("ClientASN\tint\tthe ASN number of the visitor",
                "Datetime\tint or string\tthe date and time the event occurred at the edge");
        assertThat(lines[0]).startsWith("Action\tstring\tthe code of the first-class action");
        assertThat(r.out()).doesNotContain("\u001b[");
    }

    @Test
    void tableOnATerminalIsAlignedWithAColouredHeader() {
        stub("GET", FIELDS).ok("""
                {"RayID":"string; the RayID of the request","Plain":"no semicolon here"}""");
        env.put("LOGPUSH_FORCE_TTY", "1");

        CliResult r = run("fields", "--zone", ZONE_ID);

        assertThat(r.out()).isEqualTo(
                "\u001b[1mNAME\u001b[0m   \u001b[1mTYPE\u001b[0m    \u001b[1mDESCRIPTION\u001b[0m\n"
                        + "Plain" + " ".repeat(10) + "no semicolon here\n"
                        + "RayID  string  the RayID of the request\n");
    }

    @Test
    void noColorFlagAndEnvironmentTurnColourOff() {
        env.put("LOGPUSH_FORCE_TTY", "1");
        stub("GET", FIELDS).ok("{\"RayID\":\"string; the RayID\"}");
        assertThat(run("fields", "--zone", ZONE_ID, "--no-color").out())
                .isEqualTo("NAME   TYPE    DESCRIPTION\nRayID  string  the RayID\n");
        env.put("NO_COLOR", "1");
        assertThat(run("fields", "--zone", ZONE_ID).out()).doesNotContain("\u001b[");
    }

    @Test
    void jsonIsTheMapWithKeysSorted() {
        stub("GET", FIELDS).ok("{\"b\":\"string; B\",\"a\":\"int; A\"}");

        CliResult r = run("fields", "--zone", ZONE_ID, "-o", "json");

        assertThat(r.out()).isEqualTo("{\n  \"a\": \"int; A\",\n  \"b\": \"string; B\"\n}\n");
    }

    @Test
    void zoneNameIsResolvedOnceThenUsed() {
        stub("GET", "/zones?name=example.com").reply(200, fixture("zone_example_com.json"));
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));

        run("fields", "--zone", "example.com", "-o", "names").assertExit(0);

        assertThat(target(take())).isEqualTo("/zones?name=example.com");
        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID + "/logpush/datasets/firewall_events/fields");
    }

    @Test
    void zoneFromTheEnvironment() {
        env.put("CLOUDFLARE_ZONE_ID", ZONE_ID);
        stub("GET", "/zones/" + ZONE_ID + "/logpush/datasets/http_requests/fields").ok("{}");
        run("fields", "--dataset", "http_requests").assertExit(0);
        assertThat(target(take())).isEqualTo("/zones/" + ZONE_ID + "/logpush/datasets/http_requests/fields");
    }

    @Test
    void accountDatasetUsesTheAccountPath() {
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/fields")
                .ok("{\"Datetime\":\"string; when\"}");
        CliResult r = run("fields", "--account", ACCOUNT_ID, "--dataset", "gateway_dns", "-o", "names");
        assertThat(r.out()).isEqualTo("Datetime\n");
        assertThat(target(take())).isEqualTo("/accounts/" + ACCOUNT_ID + "/logpush/datasets/gateway_dns/fields");
    }

    @Test
    void firewallEventsTakesEitherScope() {
        stub("GET", "/accounts/" + ACCOUNT_ID + "/logpush/datasets/firewall_events/fields").ok("{}");
        run("fields", "--account", ACCOUNT_ID).assertExit(0);
        assertThat(target(take())).isEqualTo("/accounts/" + ACCOUNT_ID + "/logpush/datasets/firewall_events/fields");
    }

    @Test
    void accountDatasetWithZoneIsAUsageErrorBeforeAnyRequest() {
        CliResult r = run("fields", "--zone", ZONE_ID, "--dataset", "gateway_dns").assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: dataset gateway_dns is account-scoped: use --account, not --zone\n");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void missingScopeNamesTheOption() {
        CliResult r = run("fields", "--dataset", "gateway_http").assertExit(2);
        assertThat(r.err()).contains("dataset gateway_http is account-scoped: --account is required")
                .contains("hint: pass --account ID or set CLOUDFLARE_ACCOUNT_ID");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void globalKeySendsEmailAndKeyHeaders() {
        env.put("CLOUDFLARE_API_TOKEN", null);
        env.put("CLOUDFLARE_EMAIL", "soc@example.com");
        env.put("CLOUDFLARE_API_KEY", GLOBAL_KEY);
        stub("GET", FIELDS).ok("{}");

        run("fields", "--zone", ZONE_ID).assertExit(0);

        RecordedRequest req = take();
        assertThat(req.getHeaders().get("X-Auth-Email")).isEqualTo("soc@example.com");
        assertThat(req.getHeaders().get("X-Auth-Key")).isEqualTo(GLOBAL_KEY);
        assertThat(req.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void tokenWinsOverGlobalKeyWithAWarning() {
        env.put("CLOUDFLARE_EMAIL", "soc@example.com");
        env.put("CLOUDFLARE_API_KEY", GLOBAL_KEY);
        stub("GET", FIELDS).ok("{}");

        CliResult r = run("fields", "--zone", ZONE_ID);

        assertThat(r.err()).contains("logpush: warning: both an API token (CLOUDFLARE_API_TOKEN) and a global key");
        RecordedRequest req = take();
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.getHeaders().get("X-Auth-Key")).isNull();
        assertThat(req.getHeaders().get("X-Auth-Email")).isNull();
    }

    @Test
    void flarectlTokenVariableAndTokenFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        env.put("CLOUDFLARE_API_TOKEN", null);
        env.put("CF_API_TOKEN", "cfApiTokenFromFlarectl");
        stub("GET", FIELDS).ok("{}");
        run("fields", "--zone", ZONE_ID);
        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer cfApiTokenFromFlarectl");

        java.nio.file.Path file = dir.resolve("token");
        java.nio.file.Files.writeString(file, "  tokenFromFile123  \n");
        run("fields", "--zone", ZONE_ID, "--api-token-file", file.toString());
        assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer tokenFromFile123");
    }
}
