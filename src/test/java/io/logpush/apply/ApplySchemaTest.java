package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;

/**
 * docs/apply.schema.json, generated from apply's key table, against what apply reads and export writes: a real
 * JSON Schema (2020-12) validator checks the apply-file fixtures (which apply's reader accepts too), the examples of
 * the docs and README, and export's output from jobs of every surface key; the fixtures apply refuses, the schema
 * refuses too.
 */
class ApplySchemaTest extends SandboxHarness {
    static final Path FIXTURES = Path.of("src", "test", "resources", "apply");
    static final Path COMMITTED = Path.of("docs", "apply.schema.json");
    static final Map<String, String> VARIABLES = Map.of("KEY_A", KEY_A, "KEY_B", KEY_B, "KEY_C", KEY_C,
            "ACCOUNT", "01a7362d577a6c3019a474fd6f485823");

    static Schema schema() throws IOException {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(COMMITTED), InputFormat.JSON);
    }

    /** The tree apply reads (YAML merge keys resolved), from YAML or JSON. */
    static JsonNode tree(String text) throws IOException {
        JsonFactory factory = text.stripLeading().startsWith("{") ? new JsonFactory() : new YAMLFactory();
        try {
            return LocatedTree.read(factory, text).root();
        } catch (LocatedTree.Refused e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static List<String> errors(String text) throws IOException {
        return schema().validate(tree(text)).stream().map(Error::toString).toList();
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void committedSchemaIsTheOneTheKeyTableGenerates() throws IOException {
        assertThat(Files.readString(COMMITTED)).as("docs/apply.schema.json is stale: run 'make docs'")
                .isEqualTo(ApplySchema.json());
    }

    @Test
    void everyFixtureIsReadByApplyAndValidAgainstTheSchema() throws IOException {
        List<Path> fixtures = files(FIXTURES);
        assertThat(fixtures).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : fixtures) {
            String text = Files.readString(f);
            ApplyFile file = ApplyFile.parse(f.toString(), text, VARIABLES::get, false);
            assertThat(file.jobs()).as(f.toString()).isNotEmpty();
            assertThat(errors(text)).as(f.toString()).isEmpty();
        }
    }

    @Test
    void everyFixtureApplyRefusesTheSchemaRefusesToo() throws IOException {
        List<Path> invalid = files(FIXTURES.resolve("invalid"));
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(5);
        for (Path f : invalid) {
            String text = Files.readString(f);
            assertThatThrownBy(() -> ApplyFile.parse(f.toString(), text, VARIABLES::get, false)).as(f.toString())
                    .isInstanceOf(ApplyFile.Invalid.class).hasMessageStartingWith(f + ":");
            assertThat(errors(text)).as(f.toString()).isNotEmpty();
        }
    }

    @Test
    void everyApplyFileExampleOfTheDocsIsValid() throws IOException {
        int examples = 0;
        for (Path doc : List.of(Path.of("README.md"), Path.of("docs", "apply.md"), Path.of("docs", "guide.md"),
                Path.of("docs", "ci.md"))) {
            for (String block : applyFileBlocks(Files.readString(doc))) {
                assertThat(errors(block)).as(doc + ":\n" + block).isEmpty();
                examples++;
            }
        }
        assertThat(examples).as("apply-file examples found in the docs").isGreaterThanOrEqualTo(1);
    }

    /** The fenced YAML and JSON blocks that are apply files: a mapping with a list of jobs, each with a dataset. */
    static List<String> applyFileBlocks(String markdown) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?ms)^```(?:yaml|yml|json)\\s*\\n(.*?)^```").matcher(markdown);
        while (m.find()) {
            JsonNode root;
            try {
                root = tree(m.group(1));
            } catch (IOException | RuntimeException notAFile) {
                continue;
            }
            JsonNode jobs = root.path("jobs");
            if (jobs.isArray() && !jobs.isEmpty() && jobs.get(0).has("dataset")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void whatExportWritesForEverySurfaceKeyIsValid() throws IOException {
        start(2, 100_000, 60);
        run("create", "--zone", "zone1.example.com", "--intake-key", KEY_A, "--filter-attack-traffic").assertExit(0);
        run("create", "--zone", "zone1.example.com", "--dataset", "http_requests", "--intake-key", KEY_B, "--kind",
                "edge", "--output-option", "sample_rate=0.5", "--output-option", "CVE-2021-44228=true").assertExit(0);
        run("create", "--account", sandbox.accountId(), "--dataset", "gateway_dns", "--intake-key", KEY_C,
                "--output-options", "--timestamps", "rfc3339ms").assertExit(0);
        CliResult yaml = run("export", "--all-zones", "--account", sandbox.accountId()).assertExit(0);
        assertThat(yaml.out()).contains("kind: edge").contains("filter_attack_traffic: true")
                .contains("output_options:\n      sample_rate: 0.5").contains("output_options: true");
        assertThat(errors(yaml.out())).as(yaml.out()).isEmpty();
        CliResult json = run("export", "--all-zones", "--account", sandbox.accountId(), "-o", "json").assertExit(0);
        assertThat(errors(json.out())).as(json.out()).isEmpty();
    }

    @Test
    void theOldSchemaRefusedWhatExportWrites() throws IOException {
        // before the table, output_options was boolean only and kind, filter_attack_traffic and intake were unknown
        String exported = "jobs:\n  - zones: [example.com]\n    dataset: http_requests\n    kind: edge\n"
                + "    intake: {name: Cloudflare HTTP}\n    filter_attack_traffic: false\n"
                + "    output_options: {sample_rate: 0.5}\n";
        assertThat(errors(exported)).isEmpty();
        assertThat(errors(exported.replace("kind: edge", "kind: other"))).isNotEmpty();
        assertThat(errors(exported.replace("sample_rate", "sample_rte"))).isNotEmpty();
    }

    @Test
    void fixturesAreAppliedThroughTheEntryPoint() throws IOException {
        start(2, 100_000, 60);
        for (String name : List.of("fleet.json", "anchors.yaml")) {
            CliResult plan = run("apply", "-f", FIXTURES.resolve(name).toString(), "--plan");
            plan.assertExit(0);
            assertThat(writes()).as(name).isEmpty();
            assertThat(plan.out()).as(name).contains(" to create, 0 to update");
        }
    }
}
