package io.logpush.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.apply.ScopeResolver;
import io.logpush.apply.ApplyFile;
import io.logpush.cli.render.Json;
import io.logpush.cli.render.Style;
import io.logpush.cli.render.Table;
import io.logpush.model.Job;
import io.logpush.model.Redactor;
import io.logpush.model.Scope;
import io.logpush.model.Times;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        header = "List the Logpush jobs of a zone or account, or of every zone and account of an apply file.",
        description = {"%nDestinations are masked: an intake key shows as its first 4 characters and '…'. On a "
                + "terminal a row shows the destination as its Sekoia region (else its host) and key, times in UTC "
                + "to the minute (2026-11-27 10:00Z), and fits the terminal's width; on a pipe every value is whole.",
            "%nWith --file, one table of the jobs of every zone and account the apply file names (zones: all "
                + "included), with a SCOPE column; the zones are listed --concurrency at a time, inside the API "
                + "budget (--rate-limit)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush list --zone example.com",
            "  logpush list --zone example.com --sekoia -o json | jq -r '.[].id'",
            "  logpush list --account 01a7362d577a6c3019a474fd6f485823 --dataset gateway_dns",
            "  logpush list -f sekoia-logpush.yaml --sekoia",
        })
final class ListCommand extends ApiCommand {
    @Mixin
    DatasetOption datasetOption;

    @Option(names = "--sekoia", description = "Only the jobs that send to a Sekoia intake.")
    boolean sekoiaOnly;

    @Mixin
    ShowSecretsOption secrets;

    @Mixin
    FleetOptions fleet;

    @Mixin
    AllScopesOptions everywhere;

    @Override
    public Integer call() {
        String dataset = datasetOption.orNull();
        boolean showSecrets = secrets.showSecrets;
        everywhere.refuseFile(fleet);
        if (everywhere.given()) {
            return listEverywhere(dataset, showSecrets);
        }
        if (fleet.given()) {
            return listFleet(dataset, showSecrets);
        }
        ScopeOptions.Target target = where.target(ctx(), dataset);
        try (Session session = open()) {
            Scope scope = session.scope(target);
            List<Job> jobs = dataset == null ? session.api().listJobs(scope) : session.api().listJobs(scope, dataset);
            if (sekoiaOnly) {
                jobs = jobs.stream().filter(j -> Destination.isSekoia(j.destinationConf())).toList();
            }
            if (output.json()) {
                ArrayNode arr = Json.array();
                jobs.forEach(j -> arr.add(Json.job(j, showSecrets)));
                Json.print(out(), arr);
                return 0;
            }
            if (jobs.isEmpty()) {
                ctx().note("No " + (sekoiaOnly ? "Sekoia " : "") + (dataset != null ? dataset + " " : "")
                        + "Logpush jobs in " + scope.describe() + ".");
                return 0;
            }
            Table t = new Table(COLUMNS);
            jobs.forEach(j -> jobRow(t.row(), j, showSecrets));
            print(t);
        }
        return 0;
    }

    private record Scoped(Scope scope, Job job) {
    }

    static final String[] COLUMNS = {"ID", "NAME", "DATASET", "ON", "DESTINATION", "LAST BATCH", "LAST ERROR"};

    /**
     * One job's cells. On a terminal a row of a Sekoia job fits 100 columns: the destination as its Sekoia region
     * (else its host) and masked key (the whole URL with --show-secrets), times as 2026-11-27 10:00Z (UTC, to the
     * minute), the error's time only ('logpush get' and 'check' show the message); on a pipe every value is whole,
     * for scripts.
     */
    private void jobRow(Table.Row row, Job j, boolean showSecrets) {
        Style style = style();
        boolean compact = tty() && !showSecrets;
        String d = j.destinationConf();
        String destination = !compact ? Destination.display(d, showSecrets)
                : Destination.host(d).isEmpty() ? Destination.mask(d)
                : Catalog.get().regionOf(d).map(Catalog.Region::name).orElse(Destination.host(d))
                        + Destination.intakeKey(d).map(k -> " " + Redactor.mask(k)).orElse("");
        String message = compact || j.errorMessage() == null ? "" : " " + Destination.mask(j.errorMessage());
        String error = j.lastError() == null ? null : time(j.lastError(), compact) + message;
        row.cell(j.id()).cell(j.name()).cell(j.dataset())
                .cell(j.enabled() ? "yes" : "no", j.enabled() ? style::green : style::yellow)
                .cell(destination).cell(time(j.lastComplete(), compact)).cell(error, style::red);
    }

    /** "2026-11-27 10:00Z" on a terminal (UTC, to the minute), the API's text otherwise. */
    private static String time(String text, boolean compact) {
        Instant at = Times.instant(text);
        return !compact || at == null ? text : MINUTE.format(at);
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    /** list -f FILE: the jobs of every zone and account of the file, one table with the scope of each. */
    private int listFleet(String dataset, boolean showSecrets) {
        ApplyFile file = fleet.read(ctx(), where);
        ExecutorService pool = fleet.pool();
        try (Session session = Session.open(ctx(), api, fleet.limiter())) {
            ScopeResolver.Resolved scopes = new ScopeResolver(session.api()).resolve(file);
            scopes.unresolved().forEach(u -> ctx().err().println("logpush: " + ctx().redactor().redact(u.message())));
            printScoped(session, pool, scopes.scopes(), dataset, showSecrets, "of " + fleet.file);
            // a zone that does not resolve is reported, the others listed, and the run fails at the end (as apply)
            return scopes.unresolved().isEmpty() ? 0 : ExitCode.FAILURE.code();
        } finally {
            pool.shutdownNow();
        }
    }

    /** list --all-zones/--all-accounts: the jobs of every zone and account the token can see (and the one named). */
    private int listEverywhere(String dataset, boolean showSecrets) {
        ScopeOptions.Target target = where.targetIfAny(ctx());
        ExecutorService pool = fleet.pool();
        try (Session session = Session.open(ctx(), api, fleet.limiter())) {
            List<Scope> scopes = everywhere.scopes(new ScopeResolver(session.api()),
                    target == null ? null : session.scope(target), dataset).stream()
                    .map(AllScopesOptions.Found::scope).toList();
            printScoped(session, pool, scopes, dataset, showSecrets, "the token can see");
            return 0;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The jobs of {@code scopes}, listed in parallel: one table with a SCOPE column (json: scope fields). */
    private void printScoped(Session session, ExecutorService pool, List<Scope> scopes, String dataset,
                             boolean showSecrets, String from) {
        List<List<Job>> lists = FleetOptions.parallel(pool, scopes.stream()
                .<Callable<List<Job>>>map(scope -> () -> session.api().listJobs(scope)).toList());
        List<Scoped> jobs = new ArrayList<>();
        for (int i = 0; i < lists.size(); i++) {
            for (Job j : lists.get(i)) {
                if ((!sekoiaOnly || Destination.isSekoia(j.destinationConf()))
                        && (dataset == null || dataset.equals(j.dataset()))) {
                    jobs.add(new Scoped(scopes.get(i), j));
                }
            }
        }
        if (output.json()) {
            ArrayNode arr = Json.array();
            for (Scoped s : jobs) {
                ObjectNode o = Json.job(s.job(), showSecrets);
                o.put("scope", s.scope().kind().word());
                o.put("scope_id", s.scope().id());
                o.put("scope_name", s.scope().label());
                arr.add(o);
            }
            Json.print(out(), arr);
        } else if (jobs.isEmpty()) {
            ctx().note("No " + (sekoiaOnly ? "Sekoia " : "") + (dataset != null ? dataset + " " : "")
                    + "Logpush jobs in the " + scopes.size() + " zones and accounts " + from + ".");
        } else {
            String[] headers = new String[COLUMNS.length + 1];
            headers[0] = "SCOPE";
            System.arraycopy(COLUMNS, 0, headers, 1, COLUMNS.length);
            Table t = new Table(headers);
            jobs.forEach(sj -> jobRow(t.row().cell(sj.scope().describe()), sj.job(), showSecrets));
            print(t);
        }
    }
}
