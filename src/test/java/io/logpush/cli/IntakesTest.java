package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.sekoia.Catalog;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** logpush intakes and create --create-intake (issue 14), with MockWebServer standing in for both APIs. */
class IntakesTest extends ApiTest {
    static final String SEKOIA_KEY = SekoiaCheckTest.SEKOIA_KEY;
    static final String INTAKES = SekoiaCheckTest.INTAKES;
    static final String ENTITIES = "/sekoia/v1/sic/conf/entities";
    static final String NEW_KEY = "MadeByLogpushAbCdEf0123456789xyzW";

    @BeforeEach
    void sekoiaEnv() {
        env.put("SEKOIA_API_KEY", SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
    }

    static String intake(int n, String format, String key) {
        return """
                {"uuid":"00000000-0000-4000-8000-%012d","name":"intake %d","entity_uuid":"e1",
                 "entity":{"uuid":"e1","name":"Main entity"},"format_uuid":"%s","intake_key":"%s","status":"RUNNING"}"""
                .formatted(n, n, format, key);
    }

    CliResult logpush(String... args) {
        CliResult r = run(args);
        assertThat(r.out() + r.err()).doesNotContain(SEKOIA_KEY).doesNotContain(NEW_KEY).doesNotContain(NEW_KEY.substring(4));
        assertNoIntakeKey(r);
        return r;
    }

    @Test
    void intakesNeedsASekoiaKey() {
        env.put("SEKOIA_API_KEY", null);
        CliResult r = logpush("intakes").assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: no Sekoia API key: set SEKOIA_API_KEY");
    }

    @Test
    void intakesPagesThroughEveryIntakeOfTheNineFormats() {
        String waf = Catalog.get().dataset("firewall_events").orElseThrow().formatUuid();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add(intake(i, waf, "Key" + i + "AbCdEfGhIjKlMnOpQrStUvWx"));
        }
        stub("GET", INTAKES).reply(200, "{\"items\":[" + String.join(",", first) + "],\"total\":101}")
                .reply(200, "{\"items\":[" + intake(100, waf, INTAKE_KEY) + "],\"total\":101}");
        CliResult r = logpush("intakes", "-o", "json").assertExit(0);
        assertThat(r.json()).hasSize(101);
        assertThat(r.json().get(100).at("/intake/dataset").asText()).isEqualTo("firewall_events");
        assertThat(r.json().get(100).at("/intake/intake_key").asText()).isEqualTo("Inta…");
        List<String> queries = stubs.seen();
        assertThat(queries).hasSize(2);
        assertThat(queries.get(0)).contains("match%5Bformat_uuid%5D=16676d72-463e-4b8a-b13a-f8dd48cddc8c%2C")
                .endsWith("&limit=100&offset=0");
        assertThat(queries.get(1)).endsWith("&limit=100&offset=100");
    }

    @Test
    void withAZoneTheJobsAreJoinedByKeyAndOrphansShowOnBothSides() {
        String waf = Catalog.get().dataset("firewall_events").orElseThrow().formatUuid();
        String orphanKey = "OrphanKeyAbCdEfGhIjKlMnOpQrStUvW";
        stub("GET", INTAKES).reply(200, "{\"items\":[" + intake(1, waf, INTAKE_KEY) + ","
                + intake(2, waf, "LonelyIntakeKeyAbCdEfGhIjKlMnOpQ") + "],\"total\":2}");
        stub("GET", JOBS).ok("[" + job() + "," + job("id", 148, "destination_conf",
                "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + orphanKey) + "]");
        CliResult r = logpush("intakes", "--zone", ZONE_ID).assertExit(0);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).containsExactly(
                "intake 1\t00000000-0000-4000-8000-000000000001\tfirewall_events\tRUNNING\tInta…\t147 (sekoia-firewall-events)",
                "intake 2\t00000000-0000-4000-8000-000000000002\tfirewall_events\tRUNNING\tLone…\tno job",
                "(no intake)\t-\tfirewall_events\t-\tOrph…\t148 (sekoia-firewall-events)");
        assertThat(r.out()).doesNotContain(orphanKey);
    }

    // ---------------------------------------------------------------------------------------------
    // create --create-intake

    static String made() {
        return intake(7, Catalog.get().dataset("firewall_events").orElseThrow().formatUuid(), NEW_KEY)
                .replace("intake 7", "Cloudflare WAF events (" + ZONE_ID + ")");
    }

    void oneEntity() {
        stub("GET", ENTITIES).reply(200, "{\"items\":[{\"uuid\":\"e1\",\"name\":\"Main entity\"}],\"total\":1}");
    }

    @Test
    void createIntakeMakesTheIntakeAndPointsTheJobAtItsKey() {
        stub("GET", JOBS).ok("[]");
        stub("GET", INTAKES).reply(200, "{\"items\":[],\"total\":0}");
        oneEntity();
        stub("POST", INTAKES).reply(200, made());
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).ok(job("destination_conf", "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                + NEW_KEY));
        CliResult r = logpush("create", "--zone", ZONE_ID, "--create-intake").assertExit(0);
        assertThat(r.err()).contains("note: created the Sekoia intake 'Cloudflare WAF events (" + ZONE_ID + ")'");
        assertThat(r.out()).contains("(key Made…)");
        JsonNode intakeBody = body(takeRequest("POST"));
        assertThat(intakeBody.toString()).isEqualTo("{\"name\":\"Cloudflare WAF events (" + ZONE_ID + ")\","
                + "\"format_uuid\":\"16676d72-463e-4b8a-b13a-f8dd48cddc8c\",\"entity_uuid\":\"e1\"}");
        JsonNode jobBody = body(takeRequest("POST"));
        assertThat(jobBody.get("destination_conf").asText()).isEqualTo(
                "https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + NEW_KEY);
    }

    @Test
    void anIntakeOfThatNameAndFormatIsReused() {
        stub("GET", JOBS).ok("[]");
        stub("GET", INTAKES).reply(200, "{\"items\":[" + made() + "],\"total\":1}");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).ok(job());
        CliResult r = logpush("create", "--zone", ZONE_ID, "--create-intake").assertExit(0);
        assertThat(r.err()).contains("note: using the existing Sekoia intake");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("POST " + INTAKES));
        assertThat(stubs.seen().stream().filter(s -> s.startsWith("GET " + INTAKES)).findFirst().orElseThrow())
                .contains("match%5Bname%5D=Cloudflare%20WAF%20events%20%28" + ZONE_ID + "%29&match%5Bformat_uuid%5D=");
    }

    @Test
    void aDryRunShowsBothRequestsAndSendsNeither() {
        stub("GET", JOBS).ok("[]");
        stub("GET", INTAKES).reply(200, "{\"items\":[],\"total\":0}");
        oneEntity();
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult r = logpush("create", "--zone", ZONE_ID, "--create-intake", "--dry-run").assertExit(0);
        assertThat(r.out()).contains("curl -X POST '" + server.url("/sekoia/v1/sic/conf/intakes") + "' \\\n"
                + "  -H \"Authorization: Bearer $SEKOIA_API_KEY\"")
                .contains("curl -X POST '" + server.url("/client/v4" + JOBS) + "'")
                .contains("header_X-SEKOIAIO-INTAKE-KEY=…");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("POST"));
    }

    @Test
    void severalEntitiesWithoutEntityIsAUsageErrorListingThem() {
        stub("GET", JOBS).ok("[]");
        stub("GET", INTAKES).reply(200, "{\"items\":[],\"total\":0}");
        stub("GET", ENTITIES).reply(200, "{\"items\":[{\"uuid\":\"e1\",\"name\":\"Paris\"},{\"uuid\":\"e2\","
                + "\"name\":\"Lyon\"}],\"total\":2}");
        CliResult r = logpush("create", "--zone", ZONE_ID, "--create-intake").assertExit(2);
        assertThat(r.err()).isEqualTo("logpush: error: the Sekoia community has 2 entities: --entity is required\n"
                + "hint: one of: 'Paris' (e1), 'Lyon' (e2)\n");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("POST"));
    }

    @Test
    void aFailedCloudflareCreateNamesTheIntakeThatARerunReuses() {
        stub("GET", JOBS).ok("[]");
        stub("GET", INTAKES).reply(200, "{\"items\":[],\"total\":0}");
        oneEntity();
        stub("POST", INTAKES).reply(200, made());
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).reply(400, error(1002, "error validating destination: error writing object: error uploading"));
        CliResult r = logpush("create", "--zone", ZONE_ID, "--create-intake", "--entity", "Main entity").assertExit(1);
        assertThat(r.err()).contains("note: the Sekoia intake 'Cloudflare WAF events (" + ZONE_ID + ")' was created; "
                + "running the same command again reuses it");
    }

    @Test
    void createIntakeWithoutAKeyOrWithAnIntakeKeyIsAUsageError() {
        assertThat(logpush("create", "--zone", ZONE_ID, "--create-intake", "--intake-key", INTAKE_KEY).assertExit(2)
                .err()).startsWith("logpush: error: give an intake key or --create-intake, not both");
        env.put("SEKOIA_API_KEY", null);
        assertThat(logpush("create", "--zone", ZONE_ID, "--create-intake").assertExit(2).err())
                .startsWith("logpush: error: --create-intake needs a Sekoia API key that may manage intakes");
    }
}
