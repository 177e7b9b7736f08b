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
 * docs/monitoring.md tells what each check needs of the token and the key: its table has a row for every CheckId,
 * so that a new check cannot be left out of it.
 */
class MonitoringDocTest {
    @Test
    void theTableOfWhatEachCheckNeedsHasEveryCheckId() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("docs/monitoring.md"))) {
            if (line.matches("\\| `[a-z_]+` \\|.*\\|.*\\|.*\\|")) {
                ids.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        assertThat(ids).doesNotHaveDuplicates()
                .containsAll(Arrays.stream(CheckId.values()).map(CheckId::key).toList());
    }
}
