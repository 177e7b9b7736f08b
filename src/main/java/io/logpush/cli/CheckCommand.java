package io.logpush.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.apply.Apply;
import io.logpush.apply.ApplyFile;
import io.logpush.cli.render.Json;
import io.logpush.cli.render.Style;
import io.logpush.cli.render.Table;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.jobs.Check;
import io.logpush.jobs.JobHealth;
import io.logpush.jobs.SekoiaHealth;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Times;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;
import io.logpush.sekoia.SekoiaApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        header = "Check that the Cloudflare → Sekoia forwarding is healthy, for people and for monitoring.",
        description = {
            "%nOne line per check, ✓ (ok), ! (warning) or ✗ (failure, with a one-line fix):",
            "  credentials  the token is active (a warning when it expires within 14 days)",
            "  scope        the zone resolves and its jobs can be read",
            "  each job     that sends to Sekoia (or each JOB_ID): enabled; delivering (Cloudflare's last_error and "
                + "last_complete, with --max-age); to a known Sekoia intake; with the timestamp format and the fields "
                + "Sekoia's parser reads",
            "  --validate-destination  Cloudflare test-delivers to each job's destination",
            "%nWith --file, every zone and account of an apply file (zones: all included), --concurrency at a "
                + "time inside the API budget (--rate-limit): on a terminal one line per scope with its ✓, ! and ✗ "
                + "counts (and the checks that are not ✓), then the fleet's counts; -o json lists every check with "
                + "its scope. Each declared (scope, dataset) needs a Sekoia job.",
            "%nExit 0 when no check failed, 1 when one failed (with --strict, a warning counts as a failure), and 3, 4 or 5 as "
                + "elsewhere when the checks cannot run.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush check --zone example.com",
            "  logpush check --account 01a7362d577a6c3019a474fd6f485823 --dataset gateway_dns --validate-destination",
            "  logpush check --zone example.com -o json | jq -r '.checks[] | select(.status != \"ok\") | .message'",
            "  logpush check -f sekoia-logpush.yaml --strict",
        })
final class CheckCommand extends ApiCommand {
    @Mixin
    DatasetOption datasetOption;

    @Parameters(paramLabel = "JOB_ID", arity = "0..*", converter = Converters.JobId.class,
            description = "Check these jobs (default: every job that sends to Sekoia).")
    List<Long> jobIds = new ArrayList<>();

    @Option(names = "--validate-destination",
            description = "Also ask Cloudflare to validate each destination (it test-delivers to the intake).")
    boolean validateDestination;

    @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "24h",
            converter = Converters.PositiveDuration.class,
            description = "Warn when the last delivered batch is older than this (24h, 90m, 2d). Default: "
                    + "${DEFAULT-VALUE}.")
    Duration maxAge;

    @Option(names = "--strict", description = "Warnings fail too (exit 1).")
    boolean strict;

    @Option(names = "--max-invalid", paramLabel = "PERCENT", defaultValue = "1",
            description = "With a Sekoia API key: warn when more than this share of a job's events fail to parse "
                    + "(0 to 100). Default: ${DEFAULT-VALUE} (percent).")
    double maxInvalid;

    @Mixin
    SekoiaOptions sekoiaOptions;

    @Mixin
    FleetOptions fleet;

    private final List<Check> checks = new ArrayList<>();

    @Override
    public Integer call() {
        String dataset = datasetOption.orNull();
        if (maxInvalid < 0 || maxInvalid > 100) {
            throw LogpushException.usage("--max-invalid " + maxInvalid + " is out of range: use 0 to 100 (percent)",
                    null);
        }
        if (fleet.given()) {
            if (!jobIds.isEmpty()) {
                throw LogpushException.usage("JOB_ID and --file do not go together",
                        "--file checks the Sekoia jobs of every zone and account the file names");
            }
            return checkFleet(dataset);
        }
        ScopeOptions.Target target = where.target(ctx(), dataset);
        SekoiaApi sekoia = null;
        try (Session session = open()) {
            LogpushApi lp = session.api();
            credentials(session, target);
            Scope scope;
            List<Job> jobs;
            try {
                scope = session.scope(target);
                jobs = lp.listJobs(scope);
            } catch (LogpushException e) {
                checks.add(Check.failure("scope", "scope", e.getMessage(), e.hint()));
                return report(ExitCode.of(e.kind()));
            }
            jobs.forEach(j -> Destination.intakeKey(j.destinationConf()).ifPresent(ctx().redactor()::add));
            String scopeArgs = scope.args();
            long toSekoia = jobs.stream().filter(j -> Destination.isSekoia(j.destinationConf())).count();
            checks.add(Check.ok("scope", "scope", scope.describe() + ": " + jobs.size() + " Logpush job"
                    + (jobs.size() == 1 ? "" : "s") + ", " + toSekoia + " to Sekoia"));

            List<Job> selected = select(lp, scope, jobs, dataset);
            checks.addAll(new JobHealth(scope, maxAge, Instant.now()).duplicates(jobs.stream()
                    .filter(j -> Destination.isSekoia(j.destinationConf())).toList(), dataset));
            if (selected.isEmpty() && jobIds.isEmpty()) {
                String ds = dataset != null ? dataset : "firewall_events";
                checks.add(Check.failure("jobs", "jobs", "no " + (dataset != null ? dataset + " " : "") + "job sends to Sekoia in "
                        + scope.describe(), "logpush create " + scopeArgs + " --dataset " + ds
                        + " --intake-key-file FILE"));
            }
            Instant now = Instant.now();
            JobHealth health = new JobHealth(scope, maxAge, now);
            sekoia = selected.isEmpty() ? null : openSekoia(selected);
            SekoiaHealth receiving = sekoia == null ? null
                    : new SekoiaHealth(sekoia, scope, maxAge, now, maxInvalid / 100);
            Map<String, Map<String, String>> offered = new HashMap<>();
            for (Job job : selected) {
                Map<String, String> fields = offered.computeIfAbsent(job.dataset(), ds -> {
                    try {
                        return lp.fields(scope, ds);
                    } catch (LogpushException e) {
                        return null;
                    }
                });
                checks.addAll(health.judge(job, fields));
                if (validateDestination && job.destinationConf() != null) {
                    checks.add(validate(lp, scope, job));
                }
                if (receiving != null && Destination.isSekoia(job.destinationConf())) {
                    checks.addAll(receiving.judge(job));
                }
            }
            if (sekoiaOptions.apiKey(ctx()) == null && !selected.isEmpty()) {
                ctx().note("(set SEKOIA_API_KEY to also check the Sekoia side: the intake behind each key, its format, "
                        + "whether events arrive, parse and are dated right)");
            }
        } catch (CheckCannotRun stop) {
            return report(stop.exitCode);
        } finally {
            if (sekoia != null) {
                sekoia.close();
            }
        }
        boolean failed = checks.stream().anyMatch(c -> c.status() == Check.Status.FAILURE);
        boolean warned = checks.stream().anyMatch(c -> c.status() == Check.Status.WARNING);
        return report(failed || (strict && warned) ? ExitCode.FAILURE : ExitCode.SUCCESS);
    }

    /**
     * Sekoia's API, when a key is set, after one check that the key works ("sekoia"): the region comes from the
     * first job's destination unless SEKOIA_API_URL or SEKOIA_REGION say otherwise. Null when there is no key or
     * the key does not work: a key was set, so the Sekoia side was asked for, and a side that cannot be checked
     * (a refused key, Sekoia unreachable or not answering) fails that check rather than silently leaving only
     * Cloudflare's side. A missing permission for one later check (telemetry) stays a warning of that check.
     */
    private SekoiaApi openSekoia(List<Job> selected) {
        String region = selected.stream().map(j -> Catalog.get().regionOf(j.destinationConf()))
                .flatMap(Optional::stream).map(Catalog.Region::name).findFirst().orElse(null);
        SekoiaApi api = Session.openSekoia(ctx(), this.api, sekoiaOptions, ctx().env("SEKOIA_REGION") != null ? null
                : region);
        if (api == null) {
            return null;
        }
        try {
            api.me();
            checks.add(Check.ok("sekoia", "sekoia", "the Sekoia API key is accepted").fromSekoia());
            return api;
        } catch (LogpushException e) {
            checks.add(Check.failure("sekoia", "sekoia", "cannot check the Sekoia side: " + e.getMessage(), e.hint())
                    .fromSekoia());
            api.close();
            return null;
        }
    }

    /** Stops the checks when one that the others depend on could not run. */
    private static final class CheckCannotRun extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final ExitCode exitCode;

        CheckCannotRun(LogpushException.Kind kind) {
            super(null, null, false, false);
            this.exitCode = ExitCode.of(kind);
        }
    }

    private void credentials(Session session, ScopeOptions.Target target) {
        LogpushApi lp = session.api();
        try {
            if (!lp.credentials().isToken()) {
                lp.probeGlobalKey();
                checks.add(Check.ok("credentials", "credentials", "the global API key is accepted (an API token would be safer)"));
                return;
            }
            JsonNode token;
            try {
                token = lp.verifyToken(null);
            } catch (LogpushException e) {
                String account = target.kind() == Scope.Kind.ACCOUNT ? target.value() : null;
                if (account == null || e.kind() != LogpushException.Kind.AUTH) {
                    throw e;
                }
                token = lp.verifyToken(account);
            }
            String status = token.path("status").asText("unknown");
            if (!status.equals("active")) {
                checks.add(Check.failure("credentials", "credentials", "the API token is " + status,
                        "create a new token under My Profile > API Tokens"));
                throw new CheckCannotRun(LogpushException.Kind.AUTH);
            }
            Instant expires = Times.instant(token.path("expires_on").isTextual() ? token.path("expires_on").asText()
                    : null);
            if (expires != null && expires.isBefore(Instant.now().plus(Duration.ofDays(14)))) {
                checks.add(Check.warning("credentials", "credentials", "the API token is active but expires on " + expires,
                        "roll the token under My Profile > API Tokens before then"));
            } else {
                checks.add(Check.ok("credentials", "credentials", "the API token is active"
                        + (expires != null ? " (expires " + expires + ")" : "")));
            }
        } catch (LogpushException e) {
            checks.add(Check.failure("credentials", "credentials", e.getMessage(), e.hint()));
            throw new CheckCannotRun(e.kind());
        }
    }

    private List<Job> select(LogpushApi lp, Scope scope, List<Job> jobs, String dataset) {
        List<Job> out = new ArrayList<>();
        if (!jobIds.isEmpty()) {
            for (long id : jobIds) {
                Job found = jobs.stream().filter(j -> j.id() == id).findFirst().orElse(null);
                if (found == null) {
                    try {
                        found = lp.getJob(scope, id);
                    } catch (LogpushException e) {
                        checks.add(Check.failure("job", "job " + id, e.getMessage(), e.hint()).forJob(id));
                        continue;
                    }
                }
                out.add(found);
            }
            return out;
        }
        for (Job j : jobs) {
            if (Destination.isSekoia(j.destinationConf()) && (dataset == null || dataset.equals(j.dataset()))) {
                out.add(j);
            }
        }
        return out;
    }

    private Check validate(LogpushApi lp, Scope scope, Job job) {
        String name = JobHealth.label(job) + " destination validation";
        try {
            JsonNode r = lp.validateDestination(scope, job.destinationConf());
            if (r.path("valid").asBoolean(false)) {
                return Check.ok("destination_validation", name, "Cloudflare delivered a test batch to the intake")
                        .forJob(job.id());
            }
            return Check.failure("destination_validation", name, "Cloudflare could not deliver to the intake: "
                    + r.path("message").asText(""), "check the intake key and the region").forJob(job.id());
        } catch (LogpushException e) {
            return Check.failure("destination_validation", name, e.getMessage(), e.hint()).forJob(job.id());
        }
    }

    private int report(ExitCode exitCode) {
        if (output.json()) {
            ObjectNode root = Json.object();
            root.put("ok", exitCode == ExitCode.SUCCESS);
            ObjectNode summary = root.putObject("summary");
            for (Check.Status s : Check.Status.values()) {
                summary.put(s.word(), checks.stream().filter(c -> c.status() == s).count());
            }
            ArrayNode arr = root.putArray("checks");
            for (Check c : checks) {
                checkJson(arr.addObject(), c);
            }
            Json.print(out(), root);
            return exitCode.code();
        }
        printChecks(checks, "");
        return exitCode.code();
    }

    // ---------------------------------------------------------------------------------------------
    // check -f FILE: the fleet

    /** A scope's job list, or why it could not be read. */
    private record Listed(List<Job> jobs, LogpushException error) {
    }

    private record ScopeChecks(Scope scope, List<Check> checks) {
        long count(Check.Status status) {
            return checks.stream().filter(c -> c.status() == status).count();
        }
    }

    private int checkFleet(String dataset) {
        ApplyFile file = fleet.read(ctx(), where);
        ExecutorService pool = fleet.pool();
        List<ScopeChecks> results = new ArrayList<>();
        SekoiaApi sekoia = null;
        try (Session session = Session.open(ctx(), api, fleet.limiter())) {
            LogpushApi lp = session.api();
            try {
                credentials(session, new ScopeOptions.Target(Scope.Kind.ZONE, "fleet"));
            } catch (CheckCannotRun stop) {
                results.add(new ScopeChecks(null, List.copyOf(checks)));
                return reportFleet(results, stop.exitCode);
            }
            Apply apply = new Apply(lp, pool, line -> { });
            Apply.Fleet scopes = apply.fleet(file);
            for (Apply.Outcome o : scopes.unresolved()) {
                results.add(new ScopeChecks(o.scope(), List.of(Check.failure("scope", "scope", o.error(),
                        "check the zone's name in " + fleet.file))));
            }
            List<Listed> lists = FleetOptions.parallel(pool, scopes.scopes().stream()
                    .<Callable<Listed>>map(scope -> () -> {
                        try {
                            return new Listed(lp.listJobs(scope), null);
                        } catch (LogpushException e) {
                            return new Listed(null, e);
                        }
                    }).toList());
            List<Job> all = new ArrayList<>();
            lists.stream().filter(l -> l.jobs() != null).forEach(l -> all.addAll(l.jobs()));
            all.forEach(j -> Destination.intakeKey(j.destinationConf()).ifPresent(ctx().redactor()::add));
            List<Job> toSekoia = all.stream().filter(j -> Destination.isSekoia(j.destinationConf())).toList();
            sekoia = toSekoia.isEmpty() ? null : openSekoia(toSekoia);
            SekoiaApi receiving = sekoia;
            Instant now = Instant.now();
            List<Callable<ScopeChecks>> tasks = new ArrayList<>();
            for (int i = 0; i < scopes.scopes().size(); i++) {
                Scope scope = scopes.scopes().get(i);
                Listed jobs = lists.get(i);
                java.util.Set<String> declared = scopes.datasets().get(scope.path());
                tasks.add(() -> checkScope(lp, apply, receiving, scope, jobs, declared, dataset, now));
            }
            results.addAll(FleetOptions.parallel(pool, tasks));
            if (sekoiaOptions.apiKey(ctx()) == null && !toSekoia.isEmpty()) {
                ctx().note("(set SEKOIA_API_KEY to also check the Sekoia side: the intake behind each key, its format, "
                        + "whether events arrive, parse and are dated right)");
            }
        } finally {
            if (sekoia != null) {
                sekoia.close();
            }
            pool.shutdownNow();
        }
        List<Check> every = new ArrayList<>(checks);
        results.forEach(r -> every.addAll(r.checks()));
        boolean failed = every.stream().anyMatch(c -> c.status() == Check.Status.FAILURE);
        boolean warned = every.stream().anyMatch(c -> c.status() == Check.Status.WARNING);
        return reportFleet(results, failed || (strict && warned) ? ExitCode.FAILURE : ExitCode.SUCCESS);
    }

    /** The checks of one scope of the fleet: its jobs can be read, and each declared dataset has a healthy job. */
    private ScopeChecks checkScope(LogpushApi lp, Apply apply, SekoiaApi sekoia, Scope scope, Listed listed,
                                   java.util.Set<String> declared, String dataset, Instant now) {
        List<Check> out = new ArrayList<>();
        if (listed.error() != null) {
            out.add(Check.failure("scope", "scope", listed.error().getMessage(), listed.error().hint()));
            return new ScopeChecks(scope, out);
        }
        List<Job> jobs = listed.jobs();
        long toSekoia = jobs.stream().filter(j -> Destination.isSekoia(j.destinationConf())).count();
        out.add(Check.ok("scope", "scope", scope.describe() + ": " + jobs.size() + " Logpush job"
                + (jobs.size() == 1 ? "" : "s") + ", " + toSekoia + " to Sekoia"));
        JobHealth health = new JobHealth(scope, maxAge, now);
        out.addAll(health.duplicates(jobs.stream().filter(j -> Destination.isSekoia(j.destinationConf())
                && declared.contains(j.dataset())).toList(), dataset));
        SekoiaHealth receiving = sekoia == null ? null : new SekoiaHealth(sekoia, scope, maxAge, now, maxInvalid / 100);
        for (String ds : declared) {
            if (dataset != null && !dataset.equals(ds)) {
                continue;
            }
            List<Job> selected = jobs.stream().filter(j -> Destination.isSekoia(j.destinationConf())
                    && ds.equals(j.dataset())).toList();
            if (selected.isEmpty()) {
                out.add(Check.failure("jobs", "jobs", "no " + ds + " job sends to Sekoia in " + scope.describe(),
                        "logpush apply -f " + fleet.file));
            }
            for (Job job : selected) {
                Map<String, String> fields;
                try {
                    fields = apply.fields(scope, ds);
                } catch (LogpushException e) {
                    fields = null;
                }
                out.addAll(health.judge(job, fields));
                if (validateDestination && job.destinationConf() != null) {
                    out.add(validate(lp, scope, job));
                }
                if (receiving != null) {
                    out.addAll(receiving.judge(job));
                }
            }
        }
        return new ScopeChecks(scope, out);
    }

    private int reportFleet(List<ScopeChecks> results, ExitCode exitCode) {
        List<ScopeChecks> all = new ArrayList<>();
        if (!checks.isEmpty() && (results.isEmpty() || results.get(0).scope() != null)) {
            all.add(new ScopeChecks(null, List.copyOf(checks)));
        }
        all.addAll(results);
        if (output.json()) {
            ObjectNode root = Json.object();
            root.put("ok", exitCode == ExitCode.SUCCESS);
            ObjectNode summary = root.putObject("summary");
            for (Check.Status st : Check.Status.values()) {
                summary.put(st.word(), all.stream().mapToLong(r -> r.count(st)).sum());
            }
            summary.put("scopes", results.stream().filter(r -> r.scope() != null).count());
            ArrayNode arr = root.putArray("checks");
            for (ScopeChecks r : all) {
                for (Check c : r.checks()) {
                    ObjectNode o = arr.addObject();
                    o.put("scope", r.scope() == null ? "fleet" : r.scope().kind().word());
                    o.put("scope_id", r.scope() == null ? null : r.scope().id());
                    o.put("scope_name", r.scope() == null ? null : r.scope().label());
                    checkJson(o, c);
                }
            }
            Json.print(out(), root);
            return exitCode.code();
        }
        Style style = style();
        int width = all.stream().mapToInt(r -> where(r).length()).max().orElse(0);
        long[] totals = new long[3];
        for (ScopeChecks r : all) {
            long ok = r.count(Check.Status.OK) + r.count(Check.Status.INFO);
            long warn = r.count(Check.Status.WARNING);
            long fail = r.count(Check.Status.FAILURE);
            if (r.scope() != null) {
                totals[fail > 0 ? 2 : warn > 0 ? 1 : 0]++;
            }
            String symbol = fail > 0 ? style.red(Check.Status.FAILURE.symbol())
                    : warn > 0 ? style.yellow(Check.Status.WARNING.symbol()) : style.green(Check.Status.OK.symbol());
            out().println(symbol + " " + where(r) + " ".repeat(width - where(r).length()) + "  " + ok + " ✓  " + warn
                    + " !  " + fail + " ✗");
            printChecks(r.checks().stream().filter(c -> c.status() == Check.Status.WARNING
                    || c.status() == Check.Status.FAILURE).toList(), "    ");
        }
        out().println("\nFleet: " + (totals[0] + totals[1] + totals[2]) + " scopes, " + totals[0] + " ✓, "
                + totals[1] + " !, " + totals[2] + " ✗.");
        return exitCode.code();
    }

    /**
     * One line per check ({@code indent} before it), its fix on the next. On a pipe each line is whole and names
     * its job, for grep; on a terminal the checks of a job go under a line naming it, and a line longer than the
     * terminal is cut with … (never a fix: it is a command to copy).
     */
    private void printChecks(List<Check> list, String indent) {
        Style style = style();
        boolean grouped = tty();
        int columns = ctx().columns();
        String subject = null;
        for (Check c : list) {
            String symbol = switch (c.status()) {
                case OK -> style.green(c.status().symbol());
                case INFO -> c.status().symbol();
                case WARNING -> style.yellow(c.status().symbol());
                case FAILURE -> style.red(c.status().symbol());
            };
            String pad = indent;
            String name = c.name();
            if (grouped) {
                if (c.subject() != null && !c.subject().equals(subject)) {
                    out().println(indent + fit(style.bold(c.subject()), c.subject(), indent.length(), columns));
                }
                subject = c.subject();
                if (subject != null) {
                    pad = indent + "  ";
                    name = c.shortName();
                }
            }
            String line = name + ": " + ctx().redactor().redact(c.message());
            out().println(pad + symbol + " " + (grouped ? Table.cut(line, columns <= 0 ? Integer.MAX_VALUE
                    : Math.max(1, columns - pad.length() - 2)) : line));
            if (c.fix() != null) {
                out().println(pad + "  fix: " + ctx().redactor().redact(c.fix()));
            }
        }
    }

    /** {@code painted} (the painted {@code plain}) when it fits, else {@code plain} cut to the columns left. */
    private static String fit(String painted, String plain, int used, int columns) {
        return columns <= 0 || used + plain.length() <= columns ? painted : Table.cut(plain, columns - used);
    }

    private static String where(ScopeChecks r) {
        return r.scope() == null ? "credentials" : r.scope().describe();
    }

    /** One check in -o json: its id, source, name, status, message, fix (secrets redacted) and job. */
    private void checkJson(ObjectNode o, Check c) {
        o.put("check", c.id());
        o.put("source", c.source());
        o.put("name", c.name());
        o.put("status", c.status().word());
        o.put("message", ctx().redactor().redact(c.message()));
        if (c.fix() != null) {
            o.put("fix", ctx().redactor().redact(c.fix()));
        } else {
            o.putNull("fix");
        }
        if (c.jobId() != null) {
            o.put("job_id", c.jobId());
        }
    }
}
