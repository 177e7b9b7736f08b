package io.logpush.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.logpush.cli.Main;
import io.logpush.sandbox.Sandbox;
import io.logpush.sandbox.SandboxTestIds;
import io.logpush.testing.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Commands through the entry point against an in-process sandbox, whose request log shows what each run sent. */
abstract class SandboxHarness {
    static final String KEY_A = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    static final String KEY_B = "ZyXwVuTsRqPoNmLkJiHgFeDcBa543210";
    static final String KEY_C = "QwErTyUiOpAsDfGhJkLzXcVbNm678901";
    static final String KEY_D = "Dd0123456789CcDdEeFfGgHhIiJjKkLl";

    @TempDir
    Path dir;

    Sandbox sandbox;
    StringWriter log = new StringWriter();
    final Map<String, String> env = new HashMap<>();

    /** What the last run sent, from the sandbox's request log: "METHOD /client/v4/path". */
    List<String> requests = List.of();

    List<String> requests() {
        return requests;
    }

    /** The requests of the last run that were not reads (a GraphQL query is a read). */
    List<String> writes() {
        return requests.stream().filter(r -> !r.startsWith("GET ") && !r.startsWith("POST /client/v4/graphql"))
                .toList();
    }

    /** A sandbox of {@code zones} zones with a budget no test reaches. */
    void start(int zones) throws IOException {
        start(zones, 100_000, 60);
    }

    void start(int zones, int rateLimit, int windowSeconds) throws IOException {
        sandbox = Sandbox.start(Sandbox.Config.defaults().zones(zones).rateLimit(rateLimit, windowSeconds)
                .log(new PrintWriter(log)));
        env.put("CLOUDFLARE_BASE_URL", sandbox.baseUrl());
        env.put("CLOUDFLARE_API_TOKEN", sandbox.token());
        env.put("ACCOUNT", sandbox.accountId());
        env.put("KEY_A", KEY_A);
        env.put("KEY_B", KEY_B);
        env.put("KEY_C", KEY_C);
        env.put("LOGPUSH_RETRY_BASE_MS", "5");
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    CliResult apply(String yaml, String... args) throws IOException {
        return applyOn(Main.Terminal.none(InputStream.nullInputStream()), yaml, args);
    }

    /** {@code apply -f logpush.yaml ARGS…} with {@code yaml} as the file, on {@code terminal}. */
    CliResult applyOn(Main.Terminal terminal, String yaml, String... args) throws IOException {
        Path file = dir.resolve("logpush.yaml");
        Files.writeString(file, yaml);
        String[] all = new String[args.length + 3];
        all[0] = "apply";
        all[1] = "-f";
        all[2] = file.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return run(terminal, all);
    }

    CliResult run(String... args) {
        return run(Main.Terminal.none(InputStream.nullInputStream()), args);
    }

    /** A command on a given terminal (prompts, stdin), as {@link #run(String...)}. */
    CliResult run(Main.Terminal terminal, String... args) {
        log.getBuffer().setLength(0);
        CliResult r = CliResult.run(terminal, env, args);
        requests = log.toString().lines().map(l -> l.replaceAll(" [0-9]{3}$", "")).toList();
        assertThat(r.out() + r.err()).doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain(KEY_C).doesNotContain(KEY_D)
                .doesNotContain(sandbox.token());
        return r;
    }

    static String id(String zone) {
        return SandboxTestIds.id(zone);
    }
}
