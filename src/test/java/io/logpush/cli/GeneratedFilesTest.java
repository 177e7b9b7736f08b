package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed completion scripts, command models and command reference must match what the code generates. */
class GeneratedFilesTest {
    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void completionScriptIsUpToDate(String shell) throws IOException {
        Path committed = Path.of("completions", DocsTool.COMPLETION_FILES.get(shell));
        assertThat(committed).exists();
        assertThat(Files.readString(committed)).as(committed + " is stale: run 'make completions'")
                .isEqualTo(DocsTool.completion(shell));
    }

    @Test
    void commandModelsAreUpToDate() throws IOException {
        Path committed = Path.of("src/main/java/io/logpush/cli/CommandModels.java");
        assertThat(committed).exists();
        assertThat(Files.readString(committed)).as(committed + " is stale: run 'make completions'")
                .isEqualTo(ModelGenerator.source());
    }

    @Test
    void commandReferenceIsUpToDate() throws IOException {
        Path committed = Path.of("docs", "commands.md");
        assertThat(committed).exists();
        assertThat(Files.readString(committed)).as("docs/commands.md is stale: run 'make docs'")
                .isEqualTo(DocsTool.reference());
    }
}
