package io.logpush.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

import io.logpush.apply.Apply;
import io.logpush.apply.ApplyFile;
import io.logpush.apply.ScopeResolver;
import io.logpush.model.Scope;
import io.logpush.http.RateLimiter;
import io.logpush.model.LogpushException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * -f FILE, --concurrency and --rate-limit: check and list over every zone and account of an apply file, through
 * one client-side limiter, a few requests at a time.
 */
final class FleetOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Every zone and account of this apply file (YAML or JSON, as for apply; '-' for standard "
                    + "input), instead of --zone or --account.")
    Path file;

    @Mixin
    ThroughputOptions throughput;

    boolean given() {
        return file != null;
    }

    /** The file, read and validated whole before any request; refuses --zone or --account with it. */
    ApplyFile read(Context ctx, ScopeOptions where) {
        if (where.choice != null) {
            throw LogpushException.usage("--file and " + (where.choice.zone != null ? "--zone" : "--account")
                    + " do not go together", "--file checks every zone and account the file names");
        }
        String name = Inputs.isStdin(file) ? "<stdin>" : file.toString();
        ApplyFile f = ApplyFile.parse(name, Inputs.read(ctx, file, "--file", ApplyFile.MAX_BYTES), ctx::env,
                true);
        f.jobs().forEach(j -> {
            if (j.settings().intakeKey() != null) {
                ctx.redactor().add(j.settings().intakeKey());
            }
        });
        return f;
    }

    /** The IDs of the zones a resolved file names (for field lists shared by zones of one plan). */
    static Set<String> zoneIds(ScopeResolver.Resolved resolved) {
        Set<String> ids = new HashSet<>();
        resolved.scopes().stream().filter(s -> s.kind() == Scope.Kind.ZONE).forEach(s -> ids.add(s.id()));
        return ids;
    }

    ExecutorService pool() {
        return throughput.pool("fleet");
    }

    RateLimiter limiter() {
        return throughput.limiter;
    }

    /** Runs the tasks on the pool; results in the tasks' order. */
    static <T> List<T> parallel(ExecutorService pool, List<Callable<T>> tasks) {
        return Apply.parallel(pool, tasks);
    }
}
