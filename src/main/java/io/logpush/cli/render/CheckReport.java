package io.logpush.cli.render;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.jobs.Check;
import io.logpush.jobs.CheckId;
import io.logpush.jobs.CheckCounts;
import io.logpush.jobs.Measure;
import io.logpush.model.Redactor;
import io.logpush.model.Scope;

/**
 * The report of {@code logpush check}, for people (table) and for scripts (-o json; the {@code check} ids are
 * {@code CheckId}'s, a contract listed in docs/ci.md). One scope: one line per check. A fleet (check -f): per scope a
 * line of counts and its checks that are not ✓, then the fleet's counts; in JSON every check names its scope.
 * Messages and fixes go through the run's redactor. For monitoring (-o prometheus), the same groups as metrics:
 * each check's status and the numbers behind it ({@link Measure}), labelled by check, scope, job and dataset.
 */
public final class CheckReport {
    /**
     * The checks of one scope; a null scope holds checks of the run: its own (credentials, the Sekoia key), or, with
     * a {@code label}, those of a fleet about no one scope (the Sekoia intakes reconciled, the zones' accounts).
     */
    public record Group(Scope scope, List<Check> checks, String label) {
        public Group(Scope scope, List<Check> checks) {
            this(scope, checks, null);
        }

        public CheckCounts counts() {
            return CheckCounts.of(checks);
        }

        String where() {
            return label != null ? label : scope == null ? "credentials" : scope.describe();
        }
    }

    private final List<Group> groups;
    private final boolean fleet;

    private CheckReport(List<Group> groups, boolean fleet) {
        this.groups = List.copyOf(groups);
        this.fleet = fleet;
    }

    /** The checks of one scope run, in their order; {@code scope} is null when it could not be resolved. */
    public static CheckReport of(Scope scope, List<Check> checks) {
        return new CheckReport(List.of(new Group(scope, List.copyOf(checks))), false);
    }

    /** A fleet run: the run's own checks ({@code run}, left out when empty), then each scope's. */
    public static CheckReport fleet(List<Check> run, List<Group> scopes) {
        List<Group> all = new ArrayList<>();
        if (!run.isEmpty()) {
            all.add(new Group(null, List.copyOf(run)));
        }
        all.addAll(scopes);
        return new CheckReport(all, true);
    }

    public List<Group> groups() {
        return groups;
    }

    /** Every check counted, whatever its scope. */
    public CheckCounts counts() {
        return groups.stream().map(Group::counts).reduce(CheckCounts.NONE, CheckCounts::plus);
    }

    /** The scopes (not the run's own group) counted by their worst check. */
    public CheckCounts scopes() {
        CheckCounts c = CheckCounts.NONE;
        for (Group g : groups) {
            if (g.scope() != null) {
                c = c.plus(g.counts().worst());
            }
        }
        return c;
    }

    /** -o json: {@code ok}, a {@code summary} of counts, and every check. */
    public void printJson(PrintWriter out, Redactor redactor, boolean ok) {
        ObjectNode root = Json.object();
        root.put("ok", ok);
        ObjectNode summary = root.putObject("summary");
        CheckCounts counts = counts();
        for (Check.Status s : Check.Status.values()) {
            summary.put(s.word(), counts.get(s));
        }
        if (fleet) {
            summary.put("scopes", groups.stream().filter(g -> g.scope() != null).count());
        }
        ArrayNode arr = root.putArray("checks");
        for (Group g : groups) {
            for (Check c : g.checks()) {
                ObjectNode o = arr.addObject();
                if (fleet) {
                    o.put("scope", g.scope() == null ? "fleet" : g.scope().kind().word());
                    o.put("scope_id", g.scope() == null ? null : g.scope().id());
                    o.put("scope_name", g.scope() == null ? null : g.scope().label());
                }
                checkJson(o, c, redactor);
            }
        }
        Json.print(out, root);
    }

    /**
     * One check in -o json: its id, source, name, status, message, fix (secrets redacted), job, account, and the
     * intake (uuid and name, never its key) with the jobs it sums.
     */
    private static void checkJson(ObjectNode o, Check c, Redactor redactor) {
        o.put("check", c.id().key());
        o.put("source", c.source());
        o.put("name", c.name());
        o.put("status", c.status().word());
        o.put("message", redactor.redact(c.message()));
        if (c.fix() != null) {
            o.put("fix", redactor.redact(c.fix()));
        } else {
            o.putNull("fix");
        }
        if (c.jobId() != null) {
            o.put("job_id", c.jobId());
        }
        if (c.account() != null) {
            o.put("account", redactor.redact(c.account()));
        }
        if (c.intake() != null) {
            ObjectNode intake = o.putObject("intake");
            intake.put("uuid", redactor.redact(c.intake().uuid()));
            intake.put("name", redactor.redact(c.intake().name()));
            ArrayNode ids = o.putArray("job_ids");
            c.intake().jobIds().forEach(ids::add);
        }
    }

    /**
     * -o prometheus, for node_exporter's textfile collector: {@code logpush_check_status} per check (0 ok, 1 info,
     * 2 warning, 3 failure; checks sharing a label set, e.g. two format findings of one job, give the worst), a
     * gauge per {@link Measure}, {@code logpush_check_up} (0: the checks could not run) and the run's time. Labels
     * carry no message, so no secret: ids, the scope, the dataset, the account and the intake (its uuid, else its
     * name; never its key) a check is about (through the redactor all the same).
     */
    public void printPrometheus(PrintWriter out, Redactor redactor, boolean up, Instant now) {
        Prometheus.Gauge status = new Prometheus.Gauge("logpush_check_status", "The status of a check of logpush "
                + "check: 0 ok, 1 info, 2 warning, 3 failure (the worst of the checks with these labels).");
        Map<Measure, Prometheus.Gauge> measures = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            measures.put(m, new Prometheus.Gauge("logpush_check_" + m.key(), m.help()));
        }
        for (Group g : groups) {
            String scope = g.scope() == null ? null : redactor.redact(g.scope().kind().word() + ":" + g.scope().label());
            for (Check c : g.checks()) {
                String job = c.jobId() == null ? null : c.jobId().toString();
                String dataset = c.dataset() == null ? null : redactor.redact(c.dataset());
                String account = c.account() == null ? null : redactor.redact(c.account());
                String intake = c.intake() == null ? null : redactor.redact(c.intake().uuid() != null
                        ? c.intake().uuid() : c.intake().name());
                status.add(c.status().ordinal(), Math::max, "check", c.id().key(), "scope", scope, "job_id", job,
                        "dataset", dataset, "account", account, "intake", intake);
                c.measures().forEach((m, v) -> measures.get(m).add(v, "scope", scope, "job_id", job,
                        "dataset", dataset, "account", account, "intake", intake));
            }
        }
        status.print(out);
        measures.values().forEach(m -> m.print(out));
        new Prometheus.Gauge("logpush_check_up", "1 when logpush check could run its checks, 0 when it could not "
                + "(exit 3, 4 or 5: not found, authentication, network).").add(up ? 1 : 0).print(out);
        new Prometheus.Gauge("logpush_check_last_run_timestamp_seconds", "When logpush check ran, in seconds since "
                + "the epoch.").add(now.getEpochSecond()).print(out);
        out.flush();
    }

    /**
     * For people: on a terminal ({@code tty}) the checks of a job go under a line naming it and lines are cut to
     * {@code columns} (0: not cut); on a pipe each line is whole and names its job, for grep.
     */
    public void printTable(PrintWriter out, Redactor redactor, Style style, boolean tty, int columns) {
        Lines lines = new Lines(out, redactor, style, tty, columns);
        if (!fleet) {
            groups.forEach(g -> lines.print(g.checks(), ""));
            return;
        }
        int width = groups.stream().mapToInt(g -> g.where().length()).max().orElse(0);
        for (Group g : groups) {
            CheckCounts c = g.counts();
            out.println(lines.symbol(c.worst()) + " " + g.where() + " ".repeat(width - g.where().length()) + "  "
                    + (c.ok() + c.info()) + " ✓  " + c.warning() + " !  " + c.failure() + " ✗");
            lines.print(g.checks().stream().filter(CheckReport::summarized).toList(), "    ");
        }
        CheckCounts s = scopes();
        out.println("\nFleet: " + s.total() + " scopes, " + s.ok() + " ✓, " + s.warning() + " !, " + s.failure()
                + " ✗.");
    }

    /**
     * The checks a fleet's table lists under their scope: warnings, failures, and the info lines a fleet is run to
     * see (an uncovered zone or account; silence not checked; an intake receiving more than the run's jobs sent).
     */
    private static boolean summarized(Check k) {
        return k.status() == Check.Status.WARNING || k.status() == Check.Status.FAILURE
                || (k.status() == Check.Status.INFO && (k.id() == CheckId.COVERAGE || k.id() == CheckId.SILENCE
                || k.id() == CheckId.RECONCILE));
    }

    /** Check lines for people (see {@link #printTable}). */
    private record Lines(PrintWriter out, Redactor redactor, Style style, boolean grouped, int columns) {
        String symbol(Check.Status status) {
            return switch (status) {
                case OK -> style.green(status.symbol());
                case INFO -> status.symbol();
                case WARNING -> style.yellow(status.symbol());
                case FAILURE -> style.red(status.symbol());
            };
        }

        /** One line per check ({@code indent} before it), its fix on the next (never cut: a command to copy). */
        void print(List<Check> list, String indent) {
            String subject = null;
            for (Check c : list) {
                String pad = indent;
                String name = c.name();
                if (grouped) {
                    if (c.subject() != null && !c.subject().equals(subject)) {
                        out.println(indent + fit(style.bold(c.subject()), c.subject(), indent.length()));
                    }
                    subject = c.subject();
                    if (subject != null) {
                        pad = indent + "  ";
                        name = c.shortName();
                    }
                }
                String line = name + ": " + redactor.redact(c.message());
                out.println(pad + symbol(c.status()) + " " + (grouped ? Table.cut(line, columns <= 0
                        ? Integer.MAX_VALUE : Math.max(1, columns - pad.length() - 2)) : line));
                if (c.fix() != null) {
                    out.println(pad + "  fix: " + redactor.redact(c.fix()));
                }
            }
        }

        /** {@code painted} (the painted {@code plain}) when it fits, else {@code plain} cut to the columns left. */
        private String fit(String painted, String plain, int used) {
            return columns <= 0 || used + plain.length() <= columns ? painted : Table.cut(plain, columns - used);
        }
    }
}
