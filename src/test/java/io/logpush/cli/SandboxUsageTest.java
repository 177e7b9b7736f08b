package io.logpush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.logpush.testing.CliResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 18.5 and the sandbox points of issue 18: 'logpush sandbox' usage errors are exit 2, one line, a hint. */
class SandboxUsageTest {
    @TempDir
    Path dir;

    static CliResult sandbox(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "sandbox";
        all[1] = "--port";
        all[2] = "0";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliResult.run(Main.Terminal.none(InputStream.nullInputStream()), Map.of(), all);
    }

    static void assertUsage(CliResult r, String message, String hint) {
        r.assertExit(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(hint == null ? 1 : 2);
        assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("logpush: error: ").contains(message);
        assertThat(r.err()).doesNotContain("bug in logpush").doesNotContain("Exception");
        if (hint != null) {
            assertThat(r.err().lines().toList().get(1)).startsWith("hint: ").contains(hint);
        }
    }

    @Test
    void aHostThatIsNotLoopbackIsRefusedWithoutALookup() {
        assertUsage(sandbox("--host", "example.com"), "binds only loopback addresses", "use --host 127.0.0.1");
        assertUsage(sandbox("--host", "10.1.2.3"), "binds only loopback addresses", "use --host 127.0.0.1");
    }

    @Test
    void aPortOutOfRangeHintsAboutThePort() {
        CliResult r = CliResult.run(Main.Terminal.none(InputStream.nullInputStream()), Map.of(),
                "sandbox", "--port", "70000");
        assertUsage(r, "--port 70000 is out of range: use 0 to 65535", "--port 0 picks any free port");
        assertThat(r.err()).doesNotContain("--host");
    }

    @Test
    void aNegativeLatencyOrFirstBatchDelayIsRefused() {
        assertUsage(sandbox("--latency-ms", "-5"), "--latency-ms -5 is out of range", null);
        CliResult r = sandbox("--first-batch-after", "-1s");
        r.assertExit(2);
        assertThat(r.err()).startsWith("logpush: error: ").contains("-1s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "not json at all", "{\"token\":\"x\"}", "\"text\""})
    void aStateFileTheSandboxDidNotWriteIsRefusedAndLeftAlone(String content) throws IOException {
        Path state = Files.writeString(dir.resolve("state.json"), content);
        CliResult r = sandbox("--state", state.toString());
        assertUsage(r, "--state " + state + " is not a sandbox state file: ", "it was left as it is");
        assertThat(Files.readString(state)).isEqualTo(content);
    }

    @Test
    void aStateDirectoryOrAMissingParentIsRefused() {
        assertUsage(sandbox("--state", dir.toString()), "--state " + dir + " is a directory", "give the path of a file");
        Path orphan = dir.resolve("no-such-dir/state.json");
        assertUsage(sandbox("--state", orphan.toString()), "directory " + orphan.getParent() + " does not exist",
                "create it first");
        assertThat(Files.exists(orphan.getParent())).isFalse();
    }
}
