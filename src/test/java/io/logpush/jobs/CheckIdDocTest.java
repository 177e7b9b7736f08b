package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * docs/ci.md promises scripts the check ids of -o json: its "Check ids" table (id, source, meaning) is CheckId,
 * row for row, in the enum's order.
 */
class CheckIdDocTest {
    static final String HEADING = "## Check ids";

    /** The table's rows as "id | source | meaning", the backticks around the id removed. */
    static List<String> documented() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/ci.md"));
        int start = lines.indexOf(HEADING);
        assertThat(start).as("docs/ci.md has a section '" + HEADING + "'").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| `")) {
                String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|");
                rows.add(String.join(" | ", Arrays.stream(cells).map(String::trim)
                        .map(c -> c.replaceAll("^`(.*)`$", "$1")).toList()));
            }
        }
        return rows;
    }

    static String row(CheckId id) {
        return id.key() + " | " + id.source() + " | " + id.meaning();
    }

    @Test
    void theDocListsEveryCheckIdWithItsSourceAndMeaningInTheEnumsOrder() throws IOException {
        assertThat(documented()).containsExactly(Arrays.stream(CheckId.values()).map(CheckIdDocTest::row)
                .toArray(String[]::new));
    }

    @Test
    void idsAreSnakeCaseAndEachIsItsConstantsName() {
        for (CheckId id : CheckId.values()) {
            assertThat(id.key()).matches("[a-z]+(_[a-z]+)*").isEqualTo(id.name().toLowerCase(java.util.Locale.ROOT));
            boolean sekoia = id.key().startsWith("sekoia") || id == CheckId.SILENCE || id == CheckId.RECONCILE;
            assertThat(id.source()).isEqualTo(sekoia ? Check.SEKOIA : Check.CLOUDFLARE);
        }
    }
}
