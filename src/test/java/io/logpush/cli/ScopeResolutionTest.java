package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One way from an apply file to its zones (issue 21 item 1), the same for apply, check -f, list -f and export -f:
 * a zone that resolves to nothing is reported and the others carried on, exit 1 at the end; the zone listing stops
 * at the last page result_info names.
 */
class ScopeResolutionTest extends ApiTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void writeFile() throws IOException {
        env.put("KEY_A", INTAKE_KEY);
        file = dir.resolve("fleet.yaml");
        Files.writeString(file, "jobs:\n  - zones: [a.example.com, missing.example.com]\n    dataset: firewall_events\n"
                + "    intake_key: ${KEY_A}\n    fields: sekoia\n");
    }

    void stubZones() {
        stub("GET", "/zones?name=a.example.com").ok("[" + ApplyFleetFieldsTest.zone(ZONE_ID, "a.example.com") + "]");
        stub("GET", "/zones?name=missing.example.com").ok("[]");
    }

    static final String SEKOIA_JOB = CheckCommandTest.healthyWithAllOffered();

    @Test
    void applyReportsTheUnknownZoneAndPlansTheOthers() {
        stubZones();
        stub("GET", JOBS).ok("[]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult r = run("apply", "-f", file.toString(), "--plan").assertExit(1);
        assertThat(r.out()).contains("+ create  zone a.example.com        firewall_events")
                .contains("! failed  zone missing.example.com  firewall_events  zone missing.example.com ("
                        + file + ":2:5) not found, or the token cannot read it (needs Zone Read)");
    }

    @Test
    void checkOfAFileReportsTheUnknownZoneAndChecksTheOthers() {
        stubZones();
        stub("GET", CheckCommandTest.TOKEN_VERIFY).reply(200, CheckCommandTest.token("active", 365));
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "]");
        stub("GET", FIELDS).reply(200, CheckCommandTest.offered());
        CliResult r = run("check", "-f", file.toString()).assertExit(1);
        assertThat(r.out()).contains("missing.example.com").contains("not found")
                .contains("a.example.com");
    }

    @Test
    void listOfAFileListsTheOthersAndExits1NotThreeForTheUnknownZone() {
        stubZones();
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "]");
        CliResult r = run("list", "-f", file.toString(), "-o", "json").assertExit(1);
        assertThat(r.json()).hasSize(1);
        assertThat(r.err()).contains("zone missing.example.com (" + file + ":2:5) not found");
    }

    @Test
    void exportOfAFileExportsTheOthersAndNamesTheUnknownZone() {
        stubZones();
        stub("GET", JOBS).ok("[" + SEKOIA_JOB + "]");
        CliResult r = run("export", "-f", file.toString()).assertExit(1);
        assertThat(r.out()).contains("  - zones:\n      - a.example.com\n    dataset: firewall_events\n");
        assertThat(r.err()).contains("zone missing.example.com: not exported: zone missing.example.com (" + file
                + ":2:5) not found");
    }

    /** A full first page whose result_info says it is the only one: nobody asks for page 2. */
    void stubOneFullPageOfZones() {
        StringBuilder zones = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            String id = "%032x".formatted(0x5000 + i);
            zones.append(i > 0 ? "," : "").append(ApplyFleetFieldsTest.zone(id, "z" + i + ".example.com"));
            stub("GET", "/zones/" + id + "/logpush/jobs").ok("[]");
        }
        stub("GET", "/zones").reply(200, "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + zones
                + "],\"result_info\":{\"page\":1,\"per_page\":50,\"count\":50,\"total_count\":50,\"total_pages\":1}}");
    }

    @Test
    void everyZoneIsListedUpToTheLastPageResultInfoNamesForListAndExport() throws IOException {
        Files.writeString(file, "jobs:\n  - zones: all\n    dataset: firewall_events\n    intake_key: ${KEY_A}\n");
        stubOneFullPageOfZones();
        run("list", "-f", file.toString(), "-o", "json").assertExit(0);
        assertThat(stubs.calls("GET", "/zones")).isEqualTo(1);
        run("export", "-f", file.toString()).assertExit(0);
        run("export", "--all-zones").assertExit(0);
        assertThat(stubs.calls("GET", "/zones")).isEqualTo(3);
    }
}
