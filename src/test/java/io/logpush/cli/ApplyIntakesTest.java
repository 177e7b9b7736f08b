package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An apply file that names its Sekoia intakes instead of carrying keys (issue 14): no intake key anywhere. */
class ApplyIntakesTest extends ApiTest {
    static final String INTAKES = SekoiaCheckTest.INTAKES;
    static final String NEW_KEY = IntakesTest.NEW_KEY;

    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void setUp() throws Exception {
        env.put("SEKOIA_API_KEY", SekoiaCheckTest.SEKOIA_KEY);
        env.put("SEKOIA_API_URL", server.url("/sekoia").toString());
        file = dir.resolve("jobs.yaml");
        Files.writeString(file, """
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake: {name: WAF}
                """.formatted(ZONE_ID));
    }

    static String waf(String key) {
        return IntakesTest.intake(1, SekoiaCheckTest.WAF_FORMAT, key).replace("intake 1", "WAF");
    }

    CliResult apply(String... extra) {
        CliResult r = applyFile(file, extra);
        assertThat(r.out() + r.err()).doesNotContain(NEW_KEY).doesNotContain(SekoiaCheckTest.SEKOIA_KEY);
        assertNoIntakeKey(r);
        return r;
    }

    @Test
    void anExistingIntakeGivesItsKeyInMemory() {
        stub("GET", INTAKES).reply(200, "{\"items\":[" + waf(INTAKE_KEY) + "],\"total\":1}");
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).ok(job());
        CliResult r = apply().assertExit(0);
        assertThat(r.text()).contains("+ created zone " + ZONE_ID + " firewall_events job 147");
        assertThat(body(takeRequest("POST")).get("destination_conf").asText()).endsWith("=" + INTAKE_KEY);
    }

    @Test
    void aMissingIntakeIsNotFoundUnlessCreateIntakes() {
        stub("GET", INTAKES).reply(200, "{\"items\":[],\"total\":0}");
        stub("GET", "/sekoia/v1/sic/conf/entities").reply(200, "{\"items\":[{\"uuid\":\"e1\",\"name\":\"Main\"}]}");
        CliResult r = apply().assertExit(3);
        assertThat(r.err()).startsWith("logpush: error: no Sekoia intake 'WAF' of format Cloudflare WAF events")
                .contains("hint: pass --create-intakes to create it");
    }

    @Test
    void aPlanShowsTheIntakeToCreateAsItsOwnLineAndSendsOnlyReads() {
        stub("GET", INTAKES).reply(200, "{\"items\":[],\"total\":0}");
        stub("GET", "/sekoia/v1/sic/conf/entities").reply(200, "{\"items\":[{\"uuid\":\"e1\",\"name\":\"Main\"}]}");
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult r = apply("--plan", "--create-intakes").assertExit(0);
        assertThat(r.text()).startsWith("+ create sekoia intake firewall_events intake 'WAF'\n"
                + " Sekoia intake of format Cloudflare WAF events, entity e1\n")
                .contains("+ create zone " + ZONE_ID + " firewall_events new job (sekoia-firewall-events)");
        assertThat(stubs.seen()).allMatch(s -> s.startsWith("GET "));
    }

    @Test
    void applyCreatesTheIntakeThenTheJobWithItsKey() {
        stub("GET", INTAKES).reply(200, "{\"items\":[],\"total\":0}");
        stub("GET", "/sekoia/v1/sic/conf/entities").reply(200, "{\"items\":[{\"uuid\":\"e1\",\"name\":\"Main\"}]}");
        stub("POST", INTAKES).reply(200, waf(NEW_KEY));
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        stub("POST", JOBS).ok(job());
        apply("--create-intakes").assertExit(0);
        assertThat(takeRequest("POST").getTarget()).isEqualTo("/sekoia/v1/sic/conf/intakes");
        assertThat(body(takeRequest("POST")).get("destination_conf").asText()).endsWith("=" + NEW_KEY);
    }

    @Test
    void namingIntakesNeedsASekoiaKey() {
        env.put("SEKOIA_API_KEY", null);
        assertThat(apply().assertExit(2).err()).startsWith("logpush: error: the file names Sekoia intakes");
    }

    @Test
    void twoIntakesOfTheNameAndFormatAreAnErrorNamingBothBeforeAnyWrite() {
        stub("GET", INTAKES).reply(200, "{\"items\":[" + waf(INTAKE_KEY) + "," + waf(NEW_KEY).replace("-000000000001",
                "-000000000002") + "],\"total\":2}");
        CliResult r = apply().assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: 2 Sekoia intakes are named 'WAF' with the format Cloudflare WAF "
                + "events: 00000000-0000-4000-8000-000000000001, 00000000-0000-4000-8000-000000000002\n")
                .contains("hint: rename one of them in Sekoia");
        assertThat(stubs.seen()).noneMatch(s -> !s.startsWith("GET "));
    }

    @Test
    void withASekoiaKeyAFileKeyOfAnotherFormatRefusesTheCreateUnlessForced() throws Exception {
        Files.writeString(file, """
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    intake_key: ${WAF_KEY}
                """.formatted(ZONE_ID));
        env.put("WAF_KEY", INTAKE_KEY);
        // the key is a DNS intake's: Sekoia would parse WAF events with the DNS parser
        stub("GET", "/sekoia/v1/sic/conf/intakes").reply(200, "{\"items\":[" + IntakesTest.intake(1,
                "bd9d0f51-114e-499a-bb7a-4f2d0a518b04", INTAKE_KEY) + "],\"total\":1}");
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult r = apply().assertExit(1);
        assertThat(r.out()).contains("jobs.yaml:2:5: intake_key ${WAF_KEY}: intake 'intake 1' (the intake of this "
                + "key) has format Cloudflare DNS logs").contains("(or pass --force)");
        assertThat(stubs.seen()).noneMatch(s -> s.startsWith("POST "));

        stub("POST", JOBS).ok(job());
        apply("--force").assertExit(0);
        assertThat(stubs.seen()).anyMatch(s -> s.startsWith("POST "));
    }
}
