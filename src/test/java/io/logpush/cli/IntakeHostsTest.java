package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.logpush.testing.CliResult;
import io.logpush.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Both documented Sekoia intake hosts and a destination without its key (issue 13.6 to 13.8). */
class IntakeHostsTest extends CloudflareShapesTest {
    // ---------------------------------------------------------------------------------------------
    // 13.6 and 13.7 both documented intake hosts; SGP1's two addresses

    static final String APP_USA1 = "https://app.usa1.sekoia.io/api/v1/intake-http/plain/batch?"
            + "header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY;

    @Test
    void aJobOnTheAppHostIsASekoiaIntakeForCheckAndKeepsItsHostOnKeyRotation() {
        String job = job("destination_conf", APP_USA1, "last_complete", now(5));
        stub("GET", "/user/tokens/verify").reply(200, activeToken());
        stub("GET", JOBS).ok("[" + job + "]");
        stub("GET", FIELDS).reply(200, fixture("firewall_events_fields.json"));
        CliResult check = run("check", "--zone", ZONE_ID);
        assertThat(check.out()).contains("destination: app.usa1.sekoia.io (Sekoia region usa1), key Inta…");

        stub("GET", JOB_147).ok(job);
        stub("PUT", JOB_147).ok(job);
        String newKey = "NewKeyAbCdEfGh0123456789xYzWvUtS";
        run("update", "147", "--zone", ZONE_ID, "--intake-key", newKey).assertExit(0);
        assertThat(body(takeRequest("PUT")).get("destination_conf").asText())
                .isEqualTo("https://app.usa1.sekoia.io/api/v1/intake-http/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                        + newKey);
    }

    @Test
    void applyMatchesAJobOnTheAppHostOfItsRegionInsteadOfPlanningASecond() throws Exception {
        Path file = dir.resolve("jobs.yaml");
        Files.writeString(file, """
                jobs:
                  - zones: [%s]
                    dataset: firewall_events
                    region: usa1
                    intake_key: ${KEY}
                """.formatted(ZONE_ID));
        env.put("KEY", "NewKeyAbCdEfGh0123456789xYzWvUtS");
        stub("GET", JOBS).ok("[" + job("destination_conf", APP_USA1) + "]");
        CliResult r = run("apply", "-f", file.toString(), "--plan").assertExit(0);
        assertThat(r.text()).contains("~ update zone " + ZONE_ID + " firewall_events job 147")
                .contains("intake key rotated (Inta… → NewK…)").doesNotContain("+ create")
                .doesNotContain("destination app.usa1.sekoia.io →");
    }

    // ---------------------------------------------------------------------------------------------
    // 13.8 a destination without its key (the shape of vectors/cf_auditlog_test_job_create.json)

    static String keyless() {
        return Fixtures.with(json(vector("cf_auditlog_test_job_create.json")).get("NewValue").toString(),
                "id", 147, "dataset", "firewall_events");
    }

    @Test
    void createMatchesAKeylessJobByDatasetAndHostAndSaysSo() {
        stub("GET", JOBS).ok("[" + keyless() + "]");
        CliResult r = run("create", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(6);
        assertThat(r.err()).startsWith("logpush: error: job 147 already sends firewall_events to intake.sekoia.io "
                + "(Cloudflare did not return its intake key, so it was matched by dataset and host); use 'logpush "
                + "update 147 --zone " + ZONE_ID + " --intake-key-file FILE'\n");
    }

    @Test
    void updateIntakeKeyGivesAKeylessJobItsKeyOnTheSameBase() {
        stub("GET", JOB_147).ok(keyless());
        stub("PUT", JOB_147).ok(keyless());
        run("update", "147", "--zone", ZONE_ID, "--intake-key", INTAKE_KEY).assertExit(0);
        assertThat(body(takeRequest("PUT")).get("destination_conf").asText())
                .isEqualTo("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=" + INTAKE_KEY);
    }
}
