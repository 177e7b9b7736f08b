package io.logpush.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.apply.FieldLists;
import io.logpush.apply.ApplyFile;
import io.logpush.apply.ScopeResolver;
import io.logpush.cli.render.CheckReport;
import io.logpush.cli.render.Style;
import io.logpush.cloudflare.AlertingApi;
import io.logpush.cloudflare.LogpushApi;
import io.logpush.jobs.AlertCoverage;
import io.logpush.jobs.Check;
import io.logpush.jobs.Coverage;
import io.logpush.jobs.CredentialHealth;
import io.logpush.jobs.JobHealth;
import io.logpush.jobs.Reconciliation;
import io.logpush.jobs.ScopeHealth;
import io.logpush.jobs.SekoiaHealth;
import io.logpush.jobs.UploadHistory;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
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
            "  uploads      each job's upload history over --window (Cloudflare's GraphQL Analytics): ✓ all "
                + "delivered, ! failed uploads retried, ✗ records lost or failing now, with the hours left before "
                + "Cloudflare disables the job (after 24 h of failure); a token without Account Analytics Read gives "
                + "a warning",
            "  --validate-destination  Cloudflare test-delivers to each job's destination",
            "  reconcile    (each Sekoia intake, with SEKOIA_API_KEY) the records Cloudflare delivered to it (its "
                + "checked jobs) against the valid and warning events Sekoia received, over the same whole hours of "
                + "--window ending at least 15 minutes ago: ✓ apart by at most --max-loss percent (or 10 events), ✗ "
                + "Sekoia received less, i Sekoia received more (other senders, duplicates)",
            "  alert        (each account checked, and each checked zone's account, once) an enabled policy of "
                + "Cloudflare's disable alert notifies someone; it fires only after Cloudflare disabled a job (after "
                + "~24 h of failure), which is why 'uploads' exists: see 'logpush alerts'",
            "%nWith --file, every zone and account of an apply file (zones: all included), --concurrency at a "
                + "time inside the API budget (--rate-limit): on a terminal one line per scope with its ✓, ! and ✗ "
                + "counts (and the checks that are not ✓), then the fleet's counts; -o json lists every check with "
                + "its scope. Each declared (scope, dataset) needs a Sekoia job.",
            "%nFor monitoring, -o prometheus prints metrics for node_exporter's textfile collector: "
                + "logpush_check_status per check (0 ok, 1 info, 2 warning, 3 failure), the numbers behind the checks, "
                + "logpush_check_up (0 when the checks could not run) and the run's time; --output-file writes the "
                + "report atomically (from cron, '> file' leaves a half-written file for the collector).",
            "%nExit 0 when no check failed, 1 when one failed (with --strict, a warning counts as a failure), and 3, 4 or 5 as "
                + "elsewhere when the checks cannot run.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush check --zone example.com",
            "  logpush check --account 01a7362d577a6c3019a474fd6f485823 --dataset gateway_dns --validate-destination",
            "  logpush check --zone example.com -o json | jq -r '.checks[] | select(.status != \"ok\") | .message'",
            "  logpush check -f sekoia-logpush.yaml --strict",
            "  logpush check -f sekoia-logpush.yaml -o prometheus --output-file /var/lib/node_exporter/logpush.prom",
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

    @Option(names = "--max-silence", paramLabel = "DURATION", converter = Converters.PositiveDuration.class,
            description = "With a Sekoia API key: fail when an enabled job's intake received no valid event in this "
                    + "window (2h, 30m; no default: volumes differ). Wins over max_silence of an apply file.")
    Duration maxSilence;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "24h",
            converter = Converters.PositiveDuration.class,
            description = "The upload history each job's 'uploads' check reads from Cloudflare's GraphQL Analytics "
                    + "(retried and dropped uploads, failing now; needs Account Analytics Read), and the whole hours "
                    + "inside it that 'reconcile' compares. Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(names = "--strict", description = "Warnings fail too (exit 1).")
    boolean strict;

    @Option(names = "--max-invalid", paramLabel = "PERCENT", defaultValue = "1",
            description = "With a Sekoia API key: warn when more than this share of a job's events fail to parse "
                    + "(0 to 100). Default: ${DEFAULT-VALUE} (percent).")
    double maxInvalid;

    @Option(names = "--max-loss", paramLabel = "PERCENT", defaultValue = "1",
            description = "With a Sekoia API key: fail an intake's reconcile line when Sekoia received fewer events than "
                    + "Cloudflare delivered records by more than this share (0 to 100; at least 10 events are always "
                    + "tolerated). Default: ${DEFAULT-VALUE} (percent).")
    double maxLoss;

    @Option(names = "--output-file", paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output, atomically (a temporary file in its "
                    + "directory, then renamed over it): a reader never sees half of it. Same exit codes.")
    Path outputFile;

    @Mixin
    SekoiaOptions sekoiaOptions;

    @Mixin
    FleetOptions fleet;

    @Mixin
    AllScopesOptions everywhere;

    /** Sekoia's API once opened (closed at the end of the run), and whether the Sekoia side was wanted. */
    private SekoiaApi sekoia;
    private boolean sekoiaWanted;
    /** The silence window of each job (--max-silence, else the apply file's max_silence), for the run. */
    private SekoiaHealth.Silence silence = SekoiaHealth.Silence.NONE;

    /** With --window: the run's upload history, read once per scope (zones batched in a fleet run). */
    private UploadHistory uploads;
    /** With a Sekoia API key: the whole hours reconciled, and the checked jobs whose intakes are reconciled. */
    private Reconciliation.Window hours;
    private final List<Reconciliation.Sent> sent = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Integer call() {
        String dataset = datasetOption.orNull();
        percent("--max-invalid", maxInvalid);
        percent("--max-loss", maxLoss);
        if (outputFile != null) {
            AtomicFile.checkWritable(outputFile, "--output-file");
        }
        everywhere.refuseFile(fleet);
        if (everywhere.given()) {
            if (!jobIds.isEmpty()) {
                throw LogpushException.usage("JOB_ID and --all-zones or --all-accounts do not go together",
                        "--all-zones and --all-accounts check the Sekoia jobs of every zone and account");
            }
            return checkEverywhere(dataset);
        }
        if (fleet.given()) {
            if (!jobIds.isEmpty()) {
                throw LogpushException.usage("JOB_ID and --file do not go together",
                        "--file checks the Sekoia jobs of every zone and account the file names");
            }
            return checkFleet(dataset);
        }
        return checkOne(dataset);
    }

    /** A share option in percent (--max-invalid, --max-loss): 0 to 100, else exit 2 before any request. */
    private static void percent(String option, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw LogpushException.usage(option + " " + value + " is out of range: use 0 to 100 (percent)", null);
        }
    }

    /** check --zone/--account: credentials, then the scope; either failing to run stops the checks. */
    private int checkOne(String dataset) {
        ScopeOptions.Target target = where.target(ctx(), dataset);
        List<Check> checks = new ArrayList<>();
        silence = silenceRule(null, checks);
        Scope scope;
        try (Session session = open()) {
            LogpushApi lp = session.api();
            uploads = uploadHistory(session);
            CredentialHealth.Verdict credentials = CredentialHealth.check(lp,
                    target.kind() == Scope.Kind.ACCOUNT ? target.value() : null, Instant.now());
            checks.add(credentials.check());
            if (credentials.stop() != null) {
                return report(CheckReport.of(null, checks), ExitCode.of(credentials.stop()));
            }
            List<Job> jobs;
            try {
                scope = session.scope(target);
                jobs = lp.listJobs(scope);
            } catch (LogpushException e) {
                checks.add(ScopeHealth.unreadable(e.getMessage(), e.hint()));
                return report(CheckReport.of(null, checks), ExitCode.of(e.kind()));
            }
            redact(jobs);
            ScopeHealth.Wanted wanted = jobIds.isEmpty() ? ScopeHealth.Datasets.any(dataset)
                    : pick(lp, scope, jobs, dataset);
            checks.addAll(checkScope(lp, lp::fields, scope, jobs, wanted, this::openSekoia));
            checks.addAll(reconcile(sekoia));
            checks.addAll(scope.kind() == Scope.Kind.ACCOUNT ? List.of(alert(session.alerting(), scope.id()))
                    : zoneAlerts(session, List.of(scope), Set.of()));
        } finally {
            closeSekoia();
        }
        return finish(CheckReport.of(scope, checks));
    }

    /** check -f FILE: credentials (stopping the run if they fail), then every scope of the file, in parallel. */
    private int checkFleet(String dataset) {
        ApplyFile file = fleet.read(ctx(), where);
        ExecutorService pool = fleet.pool();
        List<Check> run = new ArrayList<>();
        List<CheckReport.Group> scopes = new ArrayList<>();
        try (Session session = Session.open(ctx(), api, fleet.limiter())) {
            LogpushApi lp = session.api();
            Integer stopped = credentialsOfFleet(lp, run);
            if (stopped != null) {
                return stopped;
            }
            ScopeResolver resolver = session.resolver();
            ScopeResolver.Resolved resolved = resolver.resolve(file);
            silence = silenceRule(resolved, run);
            FieldLists fields = new FieldLists(resolver);
            fields.expect(FleetOptions.zoneIds(resolved));
            for (ScopeResolver.Unresolved u : resolved.unresolved()) {
                scopes.add(new CheckReport.Group(u.scope(), List.of(ScopeHealth.unreadable(u.message(),
                        "check the zone's name in " + fleet.file))));
            }
            List<Listed> lists = FleetOptions.parallel(pool, resolved.scopes().stream()
                    .<Callable<Listed>>map(scope -> () -> Listed.of(lp, scope)).toList());
            List<Job> all = lists.stream().filter(l -> l.jobs() != null).flatMap(l -> l.jobs().stream()).toList();
            redact(all);
            List<Job> toSekoia = all.stream().filter(j -> Destination.isSekoia(j.destinationConf())).toList();
            SekoiaApi receiving = toSekoia.isEmpty() ? null : openSekoia(toSekoia, run);
            readUploads(session, resolved.scopes(), lists);
            List<Callable<CheckReport.Group>> tasks = new ArrayList<>();
            for (int i = 0; i < lists.size(); i++) {
                Scope scope = resolved.scopes().get(i);
                Listed listed = lists.get(i);
                List<String> declared = resolved.datasets(scope).stream()
                        .filter(ds -> dataset == null || dataset.equals(ds)).toList();
                ScopeHealth.Wanted wanted = new ScopeHealth.Datasets(declared, fleet.file.toString());
                AlertingApi alerting = session.alerting();
                tasks.add(() -> new CheckReport.Group(scope, listed.error() != null
                        ? List.of(ScopeHealth.unreadable(listed.error().getMessage(), listed.error().hint()))
                        : withAlert(checkScope(lp, fields::of, scope, listed.jobs(), wanted,
                                (selected, out) -> receiving), alerting, scope)));
            }
            scopes.addAll(FleetOptions.parallel(pool, tasks));
            scopes.addAll(runGroups(session, receiving, IntStream.range(0, lists.size())
                    .filter(i -> lists.get(i).error() == null).mapToObj(resolved.scopes()::get).toList()));
        } finally {
            closeSekoia();
            pool.shutdownNow();
        }
        return finish(CheckReport.fleet(run, scopes));
    }

    /**
     * The groups a fleet run adds after its scopes: the reconcile line of each intake its jobs feed (an intake fed
     * from several scopes once, over all its jobs), and the alert line of each account its zones belong to that is
     * not itself one of the scopes checked (each account once).
     */
    private List<CheckReport.Group> runGroups(Session session, SekoiaApi receiving, List<Scope> checked) {
        List<CheckReport.Group> out = new ArrayList<>();
        List<Check> intakes = reconcile(receiving);
        if (!intakes.isEmpty()) {
            out.add(new CheckReport.Group(null, intakes, "Sekoia intakes"));
        }
        Set<String> accounts = new HashSet<>();
        checked.stream().filter(s -> s.kind() == Scope.Kind.ACCOUNT).forEach(s -> accounts.add(s.id()));
        List<Check> alerts = zoneAlerts(session, checked.stream().filter(s -> s.kind() == Scope.Kind.ZONE).toList(),
                accounts);
        if (!alerts.isEmpty()) {
            out.add(new CheckReport.Group(null, alerts, "accounts of the zones"));
        }
        return out;
    }

    /**
     * check --all-zones/--all-accounts: credentials, then every zone and account the token can see (and the one
     * named), in parallel; one that sends nothing to Sekoia is a {@code coverage} line, not a failure.
     */
    private int checkEverywhere(String dataset) {
        ScopeOptions.Target target = where.targetIfAny(ctx());
        ExecutorService pool = fleet.pool();
        List<Check> run = new ArrayList<>();
        List<CheckReport.Group> scopes = new ArrayList<>();
        silence = silenceRule(null, run);
        try (Session session = Session.open(ctx(), api, fleet.limiter())) {
            LogpushApi lp = session.api();
            Integer stopped = credentialsOfFleet(lp, run);
            if (stopped != null) {
                return stopped;
            }
            List<AllScopesOptions.Found> found = everywhere.scopes(session.resolver(),
                    target == null ? null : session.scope(target), dataset);
            List<Listed> lists = FleetOptions.parallel(pool, found.stream()
                    .<Callable<Listed>>map(f -> () -> Listed.of(lp, f.scope())).toList());
            List<Job> all = lists.stream().filter(l -> l.jobs() != null).flatMap(l -> l.jobs().stream()).toList();
            redact(all);
            List<Job> toSekoia = all.stream().filter(j -> Destination.isSekoia(j.destinationConf())).toList();
            SekoiaApi receiving = toSekoia.isEmpty() ? null : openSekoia(toSekoia, run);
            readUploads(session, found.stream().map(AllScopesOptions.Found::scope).toList(), lists);
            AlertingApi alerting = session.alerting();
            List<Callable<CheckReport.Group>> tasks = new ArrayList<>();
            List<Scope> checked = new ArrayList<>();
            for (int i = 0; i < lists.size(); i++) {
                Scope scope = found.get(i).scope();
                Listed listed = lists.get(i);
                Optional<Check> uncovered = listed.jobs() == null || found.get(i).named() ? Optional.empty()
                        : Coverage.judge(scope, listed.jobs(), dataset);
                if (listed.error() == null && uncovered.isEmpty()) {
                    checked.add(scope);
                }
                tasks.add(() -> new CheckReport.Group(scope, listed.error() != null
                        ? List.of(ScopeHealth.unreadable(listed.error().getMessage(), listed.error().hint()))
                        : uncovered.isPresent() ? List.of(uncovered.get())
                        : withAlert(checkScope(lp, lp::fields, scope, listed.jobs(),
                                ScopeHealth.Datasets.any(dataset), (selected, out) -> receiving), alerting, scope)));
            }
            scopes.addAll(FleetOptions.parallel(pool, tasks));
            scopes.addAll(runGroups(session, receiving, checked));
        } finally {
            closeSekoia();
            pool.shutdownNow();
        }
        return finish(CheckReport.fleet(run, scopes));
    }

    /**
     * The run's upload history over --window; with a Sekoia API key its reads also cover the whole hours that
     * {@code reconcile} compares (one read serves both).
     */
    private UploadHistory uploadHistory(Session session) {
        if (window == null) {
            return null;
        }
        Instant now = Instant.now();
        hours = sekoiaOptions.apiKey(ctx()) == null ? null : Reconciliation.Window.of(window, now);
        return new UploadHistory(session.graphql(), window, now, hours);
    }

    /** The reconcile lines of the intakes the checked jobs feed, when Sekoia's side is open and history was read. */
    private List<Check> reconcile(SekoiaApi receiving) {
        if (receiving == null || uploads == null || hours == null) {
            return List.of();
        }
        List<Reconciliation.Sent> jobs;
        synchronized (sent) {
            jobs = List.copyOf(sent);
        }
        return Reconciliation.reconcile(jobs, uploads, receiving, hours, maxLoss / 100);
    }

    /**
     * A fleet run's credentials line, added to {@code run}; the exit code of the report when they stop the run (it
     * has no scope then), else null.
     */
    private Integer credentialsOfFleet(LogpushApi lp, List<Check> run) {
        CredentialHealth.Verdict credentials = CredentialHealth.check(lp, null, Instant.now());
        run.add(credentials.check());
        return credentials.stop() == null ? null
                : report(CheckReport.fleet(run, List.of()), ExitCode.of(credentials.stop()));
    }

    /** With --window: the upload history of the scopes that send to Sekoia, read before judging (zones 10 a request). */
    private void readUploads(Session session, List<Scope> scopes, List<Listed> lists) {
        if (window == null) {
            return;
        }
        uploads = uploadHistory(session);
        uploads.prefetch(IntStream.range(0, lists.size())
                .filter(i -> lists.get(i).jobs() != null && lists.get(i).jobs().stream()
                        .anyMatch(j -> Destination.isSekoia(j.destinationConf())))
                .mapToObj(scopes::get).toList());
    }

    /** A scope's job list, or why it could not be read. */
    private record Listed(List<Job> jobs, LogpushException error) {
        static Listed of(LogpushApi lp, Scope scope) {
            try {
                return new Listed(lp.listJobs(scope), null);
            } catch (LogpushException e) {
                return new Listed(null, e);
            }
        }
    }

    /** Where the fields a dataset offers in a scope are read (a single run asks; a fleet shares one list per plan). */
    private interface FieldSource {
        Map<String, String> fields(Scope scope, String dataset);
    }

    /**
     * The one check of a scope, for check and check -f: the scope's judgement ({@link ScopeHealth}), then each job
     * it selects ({@link JobHealth}, --validate-destination, and {@link SekoiaHealth} when {@code sekoiaFor} gives
     * Sekoia's API for the selected jobs, adding its own check to the list it is given).
     */
    private List<Check> checkScope(LogpushApi lp, FieldSource fields, Scope scope, List<Job> jobs,
                                   ScopeHealth.Wanted wanted, BiFunction<List<Job>, List<Check>, SekoiaApi> sekoiaFor) {
        ScopeHealth.Verdict verdict = ScopeHealth.judge(scope, jobs, wanted);
        List<Check> out = new ArrayList<>(verdict.checks());
        Instant now = Instant.now();
        SekoiaApi api = verdict.selected().isEmpty() ? null : sekoiaFor.apply(verdict.selected(), out);
        JobHealth health = new JobHealth(scope, maxAge, now);
        SekoiaHealth receiving = api == null ? null : new SekoiaHealth(api, scope, maxAge, now, maxInvalid / 100,
                silence);
        Map<String, JobHealth.Offered> offered = new HashMap<>();
        for (ScopeHealth.Part part : verdict.parts()) {
            if (part.missing() != null) {
                out.add(part.missing());
            }
            for (Job job : part.jobs()) {
                out.addAll(health.judge(job, offered.computeIfAbsent(job.dataset(), ds -> offered(fields, scope, ds))));
                if (validateDestination && job.destinationConf() != null) {
                    out.add(validate(lp, scope, job));
                }
                if (uploads != null) {
                    out.add(uploads.judge(scope, job));
                }
                if (receiving != null && Destination.isSekoia(job.destinationConf())) {
                    out.addAll(receiving.judge(job));
                    sent.add(new Reconciliation.Sent(scope, job));
                }
            }
        }
        return out;
    }

    /** An account's checks, then its {@code alert} line (a zone's account: {@link #zoneAlerts}). */
    private static List<Check> withAlert(List<Check> checks, AlertingApi alerting, Scope scope) {
        if (scope.kind() != Scope.Kind.ACCOUNT) {
            return checks;
        }
        List<Check> out = new ArrayList<>(checks);
        out.add(alert(alerting, scope.id()));
        return out;
    }

    /**
     * The account's {@code alert} line: the policies of Cloudflare's Logpush alert, and only when none is enabled
     * whether the account can subscribe to it; a refusal is a warning naming Notifications Read.
     */
    private static Check alert(AlertingApi alerting, String accountId) {
        try {
            List<AlertingApi.Policy> policies = alerting.policies(accountId);
            boolean enabled = policies.stream().anyMatch(AlertingApi.Policy::enabled);
            return AlertCoverage.judge(accountId, policies, enabled || alerting.alertAvailable(accountId));
        } catch (LogpushException e) {
            return AlertCoverage.unreadable(accountId, e);
        }
    }

    /**
     * The {@code alert} line of each account {@code zones} belong to, once per account and none for the accounts in
     * {@code done} (checked as scopes): each zone's account from the listing or lookup the run already did, else
     * looked up ({@link ScopeResolver#accountsOf}); the zones whose account cannot be learned give one warning.
     */
    private static List<Check> zoneAlerts(Session session, List<Scope> zones, Set<String> done) {
        if (zones.isEmpty()) {
            return List.of();
        }
        ScopeResolver.Accounts accounts = session.resolver().accountsOf(zones.stream().map(Scope::id).toList());
        List<Check> out = new ArrayList<>();
        AlertingApi alerting = session.alerting();
        new LinkedHashSet<>(accounts.byZone().values()).stream().filter(a -> !done.contains(a))
                .forEach(a -> out.add(alert(alerting, a)));
        if (!accounts.unknown().isEmpty()) {
            Map.Entry<String, LogpushException> first = accounts.unknown().entrySet().iterator().next();
            Scope zone = zones.stream().filter(z -> z.id().equals(first.getKey())).findFirst().orElseThrow();
            out.add(AlertCoverage.accountUnknown(zone.describe(), accounts.unknown().size(), first.getValue()));
        }
        return out;
    }

    private static JobHealth.Offered offered(FieldSource fields, Scope scope, String dataset) {
        try {
            return JobHealth.Offered.of(fields.fields(scope, dataset));
        } catch (LogpushException e) {
            return JobHealth.Offered.unreadable(e);
        }
    }

    /** The jobs given by ID: from the scope's list, else read one by one (a job of another scope is not found). */
    private ScopeHealth.Picked pick(LogpushApi lp, Scope scope, List<Job> jobs, String dataset) {
        List<Job> found = new ArrayList<>();
        List<Check> notFound = new ArrayList<>();
        for (long id : jobIds) {
            Optional<Job> listed = jobs.stream().filter(j -> j.id() == id).findFirst();
            try {
                found.add(listed.isPresent() ? listed.get() : lp.getJob(scope, id));
            } catch (LogpushException e) {
                notFound.add(ScopeHealth.notFound(id, e));
            }
        }
        return new ScopeHealth.Picked(found, notFound, dataset);
    }

    private Check validate(LogpushApi lp, Scope scope, Job job) {
        try {
            JsonNode r = lp.validateDestination(scope, job.destinationConf());
            return JobHealth.validated(job, r.path("valid").asBoolean(false), r.path("message").asText(""));
        } catch (LogpushException e) {
            return JobHealth.notValidated(job, e);
        }
    }

    /**
     * Sekoia's API, when a key is set, after one check that the key works ("sekoia", added to {@code out}): the
     * region comes from the first job's destination unless SEKOIA_API_URL or SEKOIA_REGION say otherwise. Null when
     * there is no key or the key does not work: a key was set, so the Sekoia side was asked for, and a side that
     * cannot be checked (a refused key, Sekoia unreachable or not answering) fails that check rather than silently
     * leaving only Cloudflare's side. A missing permission for one later check (telemetry) stays a warning of that
     * check.
     */
    private SekoiaApi openSekoia(List<Job> selected, List<Check> out) {
        sekoiaWanted = true;
        String region = selected.stream().map(j -> Catalog.get().regionOf(j.destinationConf()))
                .flatMap(Optional::stream).map(Catalog.Region::name).findFirst().orElse(null);
        SekoiaApi opened = Session.openSekoia(ctx(), this.api, sekoiaOptions, ctx().env("SEKOIA_REGION") != null
                ? null : region);
        if (opened == null) {
            return null;
        }
        try {
            opened.me();
            out.add(SekoiaHealth.keyAccepted());
            sekoia = opened;
            return opened;
        } catch (LogpushException e) {
            out.add(SekoiaHealth.keyRefused(e));
            opened.close();
            return null;
        }
    }

    private void closeSekoia() {
        if (sekoia != null) {
            sekoia.close();
            sekoia = null;
        }
    }

    /** The intake keys of the jobs read: never printed, whatever message carries one. */
    private void redact(List<Job> jobs) {
        jobs.forEach(j -> Destination.intakeKey(j.destinationConf()).ifPresent(ctx().redactor()::add));
    }

    /**
     * The run's silence rule: --max-silence, else the apply file's max_silence of the job's (scope, dataset); without
     * a Sekoia API key, one info line in {@code out} saying it is not checked.
     */
    private SekoiaHealth.Silence silenceRule(ScopeResolver.Resolved resolved, List<Check> out) {
        boolean any = maxSilence != null || (resolved != null && resolved.targets().stream()
                .anyMatch(t -> t.declared().settings().maxSilence() != null));
        if (!any) {
            return SekoiaHealth.Silence.NONE;
        }
        if (sekoiaOptions.apiKey(ctx()) == null) {
            out.add(SekoiaHealth.Silence.unchecked());
            return SekoiaHealth.Silence.NONE;
        }
        return new SekoiaHealth.Silence((scope, job) -> maxSilence != null || resolved == null ? maxSilence
                : resolved.targets().stream().filter(t -> t.scope().path().equals(scope.path())
                        && t.declared().dataset().equals(job.dataset())).map(t -> t.declared().settings().maxSilence())
                        .filter(Objects::nonNull).findFirst().orElse(null));
    }

    /** Exit 0 when nothing failed (and nothing warned, with --strict), else 1. */
    private int finish(CheckReport report) {
        if (sekoiaWanted && sekoiaOptions.apiKey(ctx()) == null) {
            ctx().note("(set SEKOIA_API_KEY to also check the Sekoia side: the intake behind each key, its format, "
                    + "whether events arrive, parse and are dated right)");
        }
        return report(report, report.counts().passes(strict) ? ExitCode.SUCCESS : ExitCode.FAILURE);
    }

    /** The report in the format asked for, on stdout or, with --output-file, in that file (written whole). */
    private int report(CheckReport report, ExitCode exitCode) {
        StringWriter text = outputFile == null ? null : new StringWriter();
        PrintWriter to = text == null ? out() : new PrintWriter(text);
        if (output.json()) {
            report.printJson(to, ctx().redactor(), exitCode == ExitCode.SUCCESS);
        } else if (output.prometheus()) {
            boolean up = exitCode != ExitCode.NOT_FOUND && exitCode != ExitCode.AUTH && exitCode != ExitCode.NETWORK;
            report.printPrometheus(to, ctx().redactor(), up, Instant.now());
        } else if (text == null) {
            report.printTable(to, ctx().redactor(), style(), tty(), ctx().columns());
        } else {
            report.printTable(to, ctx().redactor(), new Style(false), false, 0);
        }
        if (text != null) {
            to.flush();
            AtomicFile.write(outputFile, text.toString());
        }
        return exitCode.code();
    }
}
