package io.logpush.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cli.render.Table;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Redactor;
import io.logpush.model.Scope;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "intakes", mixinStandardHelpOptions = true,
        header = "List the Sekoia intakes of the nine Cloudflare formats, and the Cloudflare jobs that feed each.",
        description = {
            "%nReads Sekoia's API (SEKOIA_API_KEY, permission View intakes): each intake's name, uuid, format "
                + "(dataset), status and key (masked). With --zone or --account (or CLOUDFLARE_ZONE_ID / "
                + "CLOUDFLARE_ACCOUNT_ID), the jobs there are joined by intake key: an intake that no job feeds shows "
                + "'no job', and a Sekoia job whose key no intake has shows as '(no intake)', so orphans on either "
                + "side show.",
        },
        footerHeading = "%nExamples:%n",
        footer = {"  logpush intakes", "  logpush intakes --zone example.com -o json"})
final class IntakesCommand extends OutputCommand {
    @Mixin
    ScopeOptions where;

    @Mixin
    ApiOptions api;

    @Mixin
    SekoiaOptions sekoiaOptions;

    /** One row: an intake and the jobs that send to its key, or a job whose key no intake has. */
    private record Row(Intake intake, List<Job> jobs) {
    }

    @Override
    public Integer call() {
        ScopeOptions.Target target = where.targetIfAny(ctx());
        try (SekoiaApi sekoia = Session.openSekoia(ctx(), api, sekoiaOptions, null)) {
            if (sekoia == null) {
                throw LogpushException.usage("no Sekoia API key: set SEKOIA_API_KEY (or --sekoia-api-key-file FILE)",
                        "make a key under Settings > Workspace > API Keys in Sekoia, with the permission View intakes");
            }
            String formats = Catalog.get().datasets().stream().map(Catalog.Dataset::formatUuid)
                    .collect(Collectors.joining(","));
            List<Intake> intakes = sekoia.intakes(Map.of("format_uuid", formats));
            intakes.forEach(i -> ctx().redactor().add(i.intakeKey()));
            List<Job> jobs = List.of();
            Scope scope = null;
            if (target != null) {
                try (Session session = Session.open(ctx(), api)) {
                    scope = session.scope(target);
                    jobs = session.api().listJobs(scope).stream()
                            .filter(j -> Destination.isSekoia(j.destinationConf())).toList();
                }
            }
            render(join(intakes, jobs), scope != null);
        }
        return 0;
    }

    private static List<Row> join(List<Intake> intakes, List<Job> jobs) {
        Map<String, Row> byKey = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (Intake i : intakes) {
            Row r = new Row(i, new ArrayList<>());
            rows.add(r);
            if (i.intakeKey() != null) {
                byKey.put(i.intakeKey(), r);
            }
        }
        for (Job j : jobs) {
            Row r = Destination.intakeKey(j.destinationConf()).map(byKey::get).orElse(null);
            if (r != null) {
                r.jobs().add(j);
            } else {
                rows.add(new Row(null, List.of(j)));
            }
        }
        return rows;
    }

    private void render(List<Row> rows, boolean joined) {
        if (output.json()) {
            ArrayNode arr = Json.array();
            for (Row r : rows) {
                ObjectNode o = arr.addObject();
                if (r.intake() == null) {
                    o.putNull("intake");
                } else {
                    ObjectNode in = o.putObject("intake");
                    in.put("uuid", r.intake().uuid());
                    in.put("name", r.intake().name());
                    in.put("format_uuid", r.intake().formatUuid());
                    in.put("dataset", dataset(r.intake()));
                    in.put("entity", r.intake().entityName());
                    in.put("status", r.intake().status());
                    in.put("intake_key", Redactor.mask(r.intake().intakeKey()));
                }
                ArrayNode js = o.putArray("jobs");
                r.jobs().forEach(j -> js.addObject().put("id", j.id()).put("name", j.name()).put("dataset", j.dataset())
                        .put("enabled", j.enabled()));
            }
            Json.print(out(), arr);
            return;
        }
        if (rows.isEmpty()) {
            ctx().note("No Sekoia intake of a Cloudflare format.");
            return;
        }
        Table t = joined ? new Table("NAME", "UUID", "DATASET", "STATUS", "KEY", "JOBS")
                : new Table("NAME", "UUID", "DATASET", "STATUS", "KEY");
        for (Row r : rows) {
            Table.Row row = t.row();
            if (r.intake() == null) {
                row.cell("(no intake)").cell(null).cell(r.jobs().get(0).dataset()).cell(null)
                        .cell(Destination.intakeKey(r.jobs().get(0).destinationConf()).map(Redactor::mask).orElse(null));
            } else {
                row.cell(r.intake().name()).cell(r.intake().uuid()).cell(dataset(r.intake())).cell(r.intake().status())
                        .cell(Redactor.mask(r.intake().intakeKey()));
            }
            if (joined) {
                row.cell(r.jobs().isEmpty() ? "no job" : r.jobs().stream().map(j -> j.id() + " (" + j.displayName()
                        + ")").collect(Collectors.joining(", ")));
            }
        }
        print(t);
    }

    private static String dataset(Intake intake) {
        return Catalog.get().datasetOfFormat(String.valueOf(intake.formatUuid())).map(Catalog.Dataset::name)
                .orElse(intake.formatUuid());
    }
}
