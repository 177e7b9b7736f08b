package io.logpush.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cloudflare.LogpushApi;
import io.logpush.model.Job;
import io.logpush.model.Scope;
import io.logpush.model.Validate;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * The hidden completion entry the shell scripts call, as gh's and kubectl's {@code __complete}: the account's zone
 * names, a zone's or account's job IDs, Sekoia intake names, one a line. Credentials come from the environment only
 * (never the command line); the whole run is bounded by a short timeout (2 s; LOGPUSH_COMPLETE_TIMEOUT_MS), one
 * attempt per request, no wait for a budget; any error, a timeout included, prints nothing, and it always exits 0.
 */
@Command(name = "__complete", hidden = true,
        description = "Completion candidates for the shell scripts: zones, jobs [--zone Z | --account A], intakes.")
final class CompleteCommand extends BaseCommand {
    /** What the shell scripts ask for (the rule of which option completes what is in {@link Completions}). */
    enum Kind { zones, jobs, intakes }

    /** The whole run's bound, so that a tab never hangs. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The most zone pages read (50 zones each): a completion list is for reading, not for a fleet. */
    static final int MAX_ZONE_PAGES = 20;

    @Parameters(arity = "0..*", hidden = true)
    List<String> words = new ArrayList<>();

    @Option(names = {"-z", "--zone"}, hidden = true)
    String zone;

    @Option(names = {"-a", "--account"}, hidden = true)
    String account;

    @Option(names = "--api-url", hidden = true)
    String apiUrl;

    @Unmatched
    List<String> unmatched = new ArrayList<>();

    @Override
    public Integer call() {
        Context quiet = ctx().silent();
        Kind kind;
        try {
            kind = words.isEmpty() ? null : Kind.valueOf(words.get(0));
        } catch (IllegalArgumentException e) {
            kind = null;
        }
        if (kind == null) {
            return 0;
        }
        Duration timeout = timeout(quiet);
        Kind k = kind;
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "logpush-complete");
            t.setDaemon(true);
            return t;
        });
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Future<List<String>> got = pool.submit((Callable<List<String>>) () -> candidates(quiet, k, timeout, open));
            List<String> candidates = got.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            candidates.forEach(out()::println);
            out().flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // silent: a completion never prints an error
        } finally {
            pool.shutdownNow();
            synchronized (open) {
                open.forEach(c -> {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // closing is best effort
                    }
                });
            }
        }
        return 0;
    }

    private static Duration timeout(Context ctx) {
        String ms = ctx.env("LOGPUSH_COMPLETE_TIMEOUT_MS");
        if (ms != null) {
            try {
                long v = Long.parseLong(ms.trim());
                if (v > 0 && v <= TIMEOUT.toMillis()) {
                    return Duration.ofMillis(v);
                }
            } catch (NumberFormatException e) {
                // the default
            }
        }
        return TIMEOUT;
    }

    private List<String> candidates(Context quiet, Kind kind, Duration timeout, List<AutoCloseable> open) {
        if (kind == Kind.intakes) {
            SekoiaApi sekoia = Session.openSekoiaQuick(quiet, new SekoiaOptions(), timeout);
            if (sekoia == null) {
                return List.of();
            }
            register(open, sekoia);
            TreeSet<String> names = new TreeSet<>();
            for (Intake i : sekoia.intakes(Map.of())) {
                if (i.name() != null && !i.name().isBlank() && i.name().indexOf('\n') < 0) {
                    names.add(i.name());
                }
            }
            return List.copyOf(names);
        }
        ApiOptions options = new ApiOptions();
        options.apiUrl = apiUrl;
        Session session = Session.openQuick(quiet, options, timeout);
        register(open, session);
        LogpushApi api = session.api();
        if (kind == Kind.zones) {
            TreeSet<String> names = new TreeSet<>();
            for (int page = 1; page <= MAX_ZONE_PAGES; page++) {
                LogpushApi.Page p = api.zones(page, 50);
                for (JsonNode z : p.items()) {
                    names.add(z.path("name").asText().toLowerCase(Locale.ROOT));
                }
                if (p.last()) {
                    break;
                }
            }
            names.remove("");
            return List.copyOf(names);
        }
        Scope scope = scope(quiet, api);
        if (scope == null) {
            return List.of();
        }
        return api.listJobs(scope).stream().map(Job::id).sorted().map(String::valueOf).toList();
    }

    /** --zone or --account, else CLOUDFLARE_ZONE_ID or CLOUDFLARE_ACCOUNT_ID; a zone name costs one lookup. */
    private Scope scope(Context quiet, LogpushApi api) {
        String z = zone != null ? zone : account == null ? quiet.env("CLOUDFLARE_ZONE_ID") : null;
        if (z != null) {
            String value = Validate.zone(z.trim(), "--zone");
            String id = Validate.isHex32(value) ? value : api.zoneId(value);
            return new Scope(Scope.Kind.ZONE, id, value);
        }
        String a = account != null ? account : quiet.env("CLOUDFLARE_ACCOUNT_ID");
        if (a != null) {
            String id = Validate.account(a.trim(), "--account");
            return new Scope(Scope.Kind.ACCOUNT, id, id);
        }
        return null;
    }

    private static void register(List<AutoCloseable> open, AutoCloseable c) {
        synchronized (open) {
            open.add(c);
        }
    }
}
