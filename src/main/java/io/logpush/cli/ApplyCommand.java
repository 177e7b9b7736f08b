package io.logpush.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import io.logpush.apply.Apply;
import io.logpush.apply.ApplyFile;
import io.logpush.apply.IntakeRefs;
import io.logpush.cli.render.ApplyReport;
import io.logpush.http.RateLimiter;
import io.logpush.jobs.DeliveryWait;
import io.logpush.model.LogpushException;
import io.logpush.sekoia.SekoiaApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true,
        header = "Converge Cloudflare to a reviewed file of the Logpush jobs that feed Sekoia, over many zones.",
        description = {
            "%nThe file (YAML or JSON; man logpush-apply, or docs/apply.md) declares, per dataset, the zones (names, IDs or all) or the "
                + "account and the intake key ($${VARIABLE} from the environment). apply validates it whole before any "
                + "request, then for each (zone or account, dataset): finds the Sekoia job (same intake key, else "
                + "same intake host: a key rotation), and creates it, updates only the properties the file sets that "
                + "differ, or leaves it. A second run right after sends only reads.",
            "%n--plan prints what would change (+ create, ~ update with each property, = unchanged, - delete) and "
                + "changes nothing; with --detailed-exitcode it exits 7 when changes are pending. --prune deletes "
                + "the Sekoia jobs of the listed zones and accounts that the file does not declare; it never "
                + "touches a job that does not send to Sekoia. On a terminal it lists the jobs it would delete and "
                + "asks first; without one it needs --yes (--plan --prune needs none). Requests run --concurrency at a time, inside the "
                + "API budget (--rate-limit, and Cloudflare's Ratelimit headers). One failing target does not "
                + "stop the others.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush apply -f sekoia-logpush.yaml --plan",
            "  logpush apply -f sekoia-logpush.yaml --plan --detailed-exitcode   # in CI: exit 7 on drift",
            "  logpush apply -f sekoia-logpush.yaml --prune        # lists the deletions and asks",
            "  logpush apply -f sekoia-logpush.yaml --prune --yes  # in scripts",
            "  logpush apply -f sekoia-logpush.yaml --wait 20m     # in CI: exit 8 when a job's events do not arrive",
        })
final class ApplyCommand extends OutputCommand {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
            description = "The file of desired jobs, YAML or JSON ('-' for standard input).")
    Path file;

    @Option(names = {"--plan", "--dry-run"}, description = "Show what would change, and change nothing.")
    boolean plan;

    @Option(names = "--prune",
            description = "Delete the Sekoia jobs of the listed zones and accounts that the file does not declare.")
    boolean prune;

    @Option(names = {"-y", "--yes"}, description = "With --prune: delete without asking.")
    boolean yes;

    @Option(names = "--detailed-exitcode",
            description = "With --plan: exit 0 when nothing would change, 7 when changes are pending (1 on failure).")
    boolean detailedExitCode;

    @Option(names = "--force",
            description = "Apply what create would refuse: a timestamp format Sekoia's parser misreads, a field list "
                    + "without the field it dates events by, output options it cannot parse.")
    boolean force;

    @Mixin
    ThroughputOptions throughput;

    @Option(names = "--allow-inline-secrets",
            description = "Accept a literal intake key in the file (by default only $${VARIABLE}).")
    boolean allowInlineSecrets;

    @Mixin
    ApiOptions api;

    @Mixin
    SekoiaOptions sekoiaOptions;

    @Mixin
    WaitOptions waitOptions;

    @Option(names = "--create-intakes",
            description = "Create the Sekoia intakes that jobs name (intake: {name: …}) and that do not exist yet, "
                    + "in their entity (intake: {entity: …}, or the community's only one).")
    boolean createIntakes;

    @Override
    @SuppressWarnings("try") // the hook is held for the span of the writes, never called in them
    public Integer call() {
        if (detailedExitCode && !plan) {
            throw LogpushException.usage("--detailed-exitcode works only with --plan",
                    "logpush apply -f " + file + " --plan --detailed-exitcode");
        }
        waitOptions.validate(ctx(), sekoiaOptions, plan, "--plan");
        Main.Terminal terminal = ctx().terminal();
        boolean interactive = terminal.stdinTty() && terminal.stdoutTty() && !Inputs.isStdin(file);
        if (prune && !plan && !yes && !interactive) {
            throw LogpushException.usage("refusing to --prune without confirmation: pass --yes to delete without a "
                    + "prompt", "review the deletions with --plan --prune first, then add --yes");
        }
        String name = Inputs.isStdin(file) ? "<stdin>" : file.toString();
        ApplyFile desired = ApplyFile.parse(name, Inputs.read(ctx(), file, "--file", ApplyFile.MAX_BYTES), ctx()::env,
                allowInlineSecrets);
        desired.jobs().forEach(j -> ctx().redactor().add(j.settings().intakeKey()));
        desired.requireWritable(name, force);
        SekoiaApi sekoia = openSekoia(desired);
        RateLimiter limiter = throughput.limiter;
        ExecutorService pool = throughput.pool("apply");
        try (Session session = Session.open(ctx(), api, limiter); SekoiaApi intakes = sekoia) {
            List<IntakeRefs.Made> made = List.of();
            if (intakes != null) {
                desired = IntakeRefs.crossCheck(desired, intakes, ctx()::warn);
                IntakeRefs.Resolved resolved = IntakeRefs.resolve(desired, intakes, createIntakes, plan,
                        ctx().redactor()::add);
                desired = resolved.file();
                made = resolved.intakes();
            }
            Consumer<String> progress = progress(session);
            Apply apply = new Apply(session.api(), pool, progress).force(force);
            try (StopOnSignal signal = StopOnSignal.install(ctx(), "apply-stop", () -> {
                apply.stop();
                limiter.stop();
                waitOptions.stop();
            })) {
                return run(session, intakes, apply, desired, made, progress);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Plans, asks when --prune deletes on a terminal, applies (unless --plan), renders; the exit code. */
    private int run(Session session, SekoiaApi sekoia, Apply apply, ApplyFile desired, List<IntakeRefs.Made> made,
                    Consumer<String> progress) {
        List<Apply.Outcome> outcomes = apply.plan(desired, prune);
        progress.accept(null);
        ApplyReport report = output.json() ? null : new ApplyReport(out(), ctx().err(), () -> progress.accept(null),
                style(), ctx().redactor(), plan, made, outcomes);
        if (!plan && apply.stopped()) {
            outcomes = Apply.abandon(outcomes); // interrupted while planning: nothing was sent
        } else if (!plan) {
            if (prune && !yes && !confirmDeletes(outcomes)) {
                ctx().err().println("cancelled: nothing was changed");
                return ExitCode.FAILURE.code();
            }
            if (report != null) { // what needs no write (and the intakes made) first, then each write as it ends
                report.beforeWrites(outcomes);
            }
            Instant since = WaitOptions.now();
            outcomes = apply.apply(outcomes, report == null ? o -> { } : report::print);
            progress.accept(null);
            if (waitOptions.given() && !apply.stopped()) {
                if (report != null) {
                    report.finish(outcomes);
                }
                return waitAndReport(session, sekoia, apply, made, outcomes, since, report);
            }
        }
        if (report == null) {
            ApplyReport.json(out(), ctx().redactor(), plan, made, outcomes);
        } else {
            report.finish(outcomes);
        }
        int code = exitCode(ApplyReport.counts(made, outcomes));
        if (apply.stopped()) {
            long notDone = outcomes.stream().filter(o -> o.action() == Apply.Action.NOT_DONE).count();
            long unknown = outcomes.stream().filter(o -> o.action() == Apply.Action.UNKNOWN).count();
            ctx().err().println("logpush: interrupted: " + notDone + " of " + (outcomes.size() + made.size())
                    + " not done (nothing was sent after the signal; the writes in flight finished"
                    + (unknown > 0 ? ", " + unknown + " of them without a clear answer" : "") + ")");
            ctx().err().println("hint: run the same apply again: it picks up what is left, without duplicates");
            code = ExitCode.INTERRUPTED.code();
        }
        return code;
    }

    /**
     * --wait after the writes: one wait for every job the run wrote or found as desired, with one deadline; the
     * report's lines (or the JSON document, each target with its wait). The exit code: 1 when a target failed, else
     * 8 when a delivery is not confirmed; 130 when a signal stopped the wait.
     */
    private int waitAndReport(Session session, SekoiaApi sekoia, Apply apply, List<IntakeRefs.Made> made,
                              List<Apply.Outcome> outcomes, Instant since, ApplyReport report) {
        List<String> unlisted = new ArrayList<>();
        List<DeliveryWait.Target> targets = apply.waitTargets(outcomes, unlisted::add);
        unlisted.forEach(ctx()::warn);
        DeliveryWait.Outcome waited = waitOptions.await(ctx(), sekoia, session, targets, since, o -> { });
        if (report == null) {
            ApplyReport.json(out(), ctx().redactor(), plan, made, outcomes, waited);
        } else {
            report.waits(waited, outcomes);
        }
        if (waited.stopped()) {
            ctx().err().println("logpush: interrupted while waiting: the writes above were made; stopped waiting: "
                    + "delivery not confirmed");
            ctx().err().println("hint: logpush check -f " + file + " says how each job delivers");
            return ExitCode.INTERRUPTED.code();
        }
        int code = exitCode(ApplyReport.counts(made, outcomes));
        if (code == ExitCode.SUCCESS.code() && (!waited.confirmed() || !unlisted.isEmpty())) {
            waited.results().stream().filter(r -> r.status() == DeliveryWait.Status.NOT_CONFIRMED).findFirst()
                    .ifPresent(r -> ctx().note("hint: " + r.next() + " says why; Cloudflare takes 10 to 15 minutes "
                            + "after a change and sends only when there is traffic"));
            return ExitCode.NOT_CONFIRMED.code();
        }
        return code;
    }

    /** 1 when a target failed or its outcome is unknown; with --plan --detailed-exitcode, 7 when changes are pending. */
    private int exitCode(Map<Apply.Action, Integer> counts) {
        int failed = counts.getOrDefault(Apply.Action.FAILED, 0) + counts.getOrDefault(Apply.Action.UNKNOWN, 0);
        int changes = counts.getOrDefault(Apply.Action.CREATE, 0) + counts.getOrDefault(Apply.Action.UPDATE, 0)
                + counts.getOrDefault(Apply.Action.DELETE, 0);
        if (failed > 0) {
            return ExitCode.FAILURE.code();
        }
        return (plan && detailedExitCode && changes > 0 ? ExitCode.CHANGES_PENDING : ExitCode.SUCCESS).code();
    }

    /**
     * Sekoia's API when a key is set (null otherwise): its intakes name the keys of jobs that name their intake
     * (intake: {name}), which then requires it, and vouch for the keys the file gives.
     */
    private SekoiaApi openSekoia(ApplyFile desired) {
        String region = desired.jobs().stream().map(j -> j.settings().region()).filter(r -> r != null)
                .findFirst().orElse(null);
        SekoiaApi sekoia = Session.openSekoia(ctx(), api, sekoiaOptions, region, waitOptions.sekoiaLimiter());
        if (sekoia == null && desired.namesIntakes()) {
            throw LogpushException.usage("the file names Sekoia intakes (intake: {name: …}): a Sekoia API key is "
                    + "needed to find their keys", "set SEKOIA_API_KEY (or --sekoia-api-key-file FILE), with the "
                    + "permission View intakes (and Manage intakes for --create-intakes)");
        }
        return sekoia;
    }

    /** Lists the jobs --prune would delete and asks; true when there are none or the answer is yes. */
    private boolean confirmDeletes(List<Apply.Outcome> outcomes) {
        List<Apply.Outcome> deletes = outcomes.stream().filter(o -> o.action() == Apply.Action.DELETE).toList();
        if (deletes.isEmpty()) {
            return true;
        }
        PrintWriter err = ctx().err();
        err.println("--prune would delete " + deletes.size() + " job" + (deletes.size() == 1 ? "" : "s") + ":");
        for (Apply.Outcome o : deletes) {
            err.println("  - " + o.scope().describe() + "  " + o.dataset() + "  job " + o.jobId()
                    + (o.jobName() != null ? " (" + o.jobName() + ")" : ""));
        }
        return ctx().confirm("Apply, with these deletions?");
    }

    /** A progress line on stderr, only when stderr is a terminal; null clears it. */
    private Consumer<String> progress(Session session) {
        if (!ctx().terminal().stderrTty().getAsBoolean()) {
            return line -> { };
        }
        return line -> {
            synchronized (ctx().err()) {
                ctx().err().print(line == null ? "\r\u001b[K"
                        : "\r\u001b[K" + line + ", " + session.api().requests() + " requests");
                ctx().err().flush();
            }
        };
    }

}
