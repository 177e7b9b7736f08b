package io.logpush.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cli.render.Style;
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
            "%nExit 0 when nothing failed (warnings too, with --strict), 1 when a check failed, and 3, 4 or 5 as "
                + "elsewhere when the checks cannot run.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush check --zone example.com",
            "  logpush check --account 01a7362d577a6c3019a474fd6f485823 --dataset gateway_dns --validate-destination",
            "  logpush check --zone example.com -o json | jq -r '.checks[] | select(.status != \"ok\") | .message'",
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

    private final List<Check> checks = new ArrayList<>();

    @Override
    public Integer call() {
        String dataset = datasetOption.orNull();
        if (maxInvalid < 0 || maxInvalid > 100) {
            throw LogpushException.usage("--max-invalid " + maxInvalid + " is out of range: use 0 to 100 (percent)",
                    null);
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
     * the key does not work (that check says why).
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
            checks.add(Check.warning("sekoia", "sekoia", "cannot check the Sekoia side: " + e.getMessage(), e.hint())
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
                ObjectNode o = arr.addObject();
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
            Json.print(out(), root);
            return exitCode.code();
        }
        Style style = style();
        for (Check c : checks) {
            String symbol = switch (c.status()) {
                case OK -> style.green(c.status().symbol());
                case INFO -> c.status().symbol();
                case WARNING -> style.yellow(c.status().symbol());
                case FAILURE -> style.red(c.status().symbol());
            };
            out().println(symbol + " " + c.name() + ": " + ctx().redactor().redact(c.message()));
            if (c.fix() != null) {
                out().println("  fix: " + ctx().redactor().redact(c.fix()));
            }
        }
        return exitCode.code();
    }
}
