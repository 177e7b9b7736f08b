package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.logpush.jobs.JobSurface;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help texts of the job surface are literal strings (picocli annotations); this holds them to JobSurface's
 * table, so that a key, a dataset or a rule added there and not in the help fails here.
 */
class JobSurfaceHelpTest {
    static String help(String command, String option) {
        CommandLine cmd = DocsTool.commandLine().getSubcommands().get(command);
        return String.join(" ", cmd.getCommandSpec().findOption(option).description());
    }

    @Test
    void outputOptionListsEveryKeyOfTheTableInItsOrder() {
        for (String command : List.of("create", "update")) {
            String text = help(command, "--output-option");
            assertThat(text).as(command).contains(String.join(", ", JobSurface.keys()));
            JobSurface.OWN_KEYS.keySet().forEach(k -> assertThat(text).doesNotContain(k));
        }
    }

    @Test
    void filterAttackTrafficNamesEveryDatasetItIsOfferedFor() {
        for (String command : List.of("create", "update")) {
            String text = help(command, "--filter-attack-traffic");
            JobSurface.ATTACK_FILTER_DATASETS.forEach(d -> assertThat(text).as(command).contains(d));
        }
    }

    @Test
    void kindNamesTheOneKindAndItsDataset() {
        assertThat(help("create", "--kind")).contains(JobSurface.EDGE_KIND + " (" + JobSurface.EDGE_DATASET
                + " only");
    }
}
