package io.logpush.cli;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cli.render.Table;
import io.logpush.model.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fields", mixinStandardHelpOptions = true,
        header = "List the fields a dataset offers (GET .../logpush/datasets/DATASET/fields).",
        description = {
            "%nWhat Cloudflare offers depends on your plan. -o names prints the comma-separated list that "
                + "--fields of 'logpush create' takes (and the Sekoia guide's <LIST_OF_FIELDS>).",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush fields --zone example.com",
            "  logpush fields --zone example.com -o names",
            "  logpush fields --account 01a7362d577a6c3019a474fd6f485823 --dataset gateway_dns -o json"
        })
final class FieldsCommand extends BaseCommand {
    /** -o table|json|names: names only here, where it means the comma list --fields takes. */
    public enum Format { table, json, names }

    @Mixin
    DatasetOption datasetOption;

    @Mixin
    ScopeOptions where;

    @Mixin
    ApiOptions api;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (the comma list that --fields takes). "
                    + "Default: ${DEFAULT-VALUE}. On a pipe, table prints tab-separated rows without header or colour.")
    Format format = Format.table;

    @Mixin
    OutputOptions.ColorOption color;

    @Override
    public Integer call() {
        String dataset = datasetOption.orDefault();
        ScopeOptions.Target target = where.target(ctx(), dataset);
        try (Session session = Session.open(ctx(), api)) {
            Scope scope = session.scope(target);
            Map<String, String> fields = session.api().fields(scope, dataset);
            switch (format) {
                case names -> out().println(String.join(",", fields.keySet()));
                case json -> {
                    ObjectNode o = Json.object();
                    fields.forEach(o::put);
                    Json.print(out(), o);
                }
                case table -> {
                    if (fields.isEmpty()) {
                        ctx().note("Cloudflare lists no fields for " + dataset + " in " + scope.describe() + ".");
                    }
                    Table t = new Table("NAME", "TYPE", "DESCRIPTION");
                    fields.forEach((name, text) -> {
                        int semi = text.indexOf(';');
                        String type = semi < 0 ? "" : text.substring(0, semi).trim();
                        String description = semi < 0 ? text.trim() : text.substring(semi + 1).trim();
                        t.row().cell(name).cell(type).cell(description);
                    });
                    print(t, color);
                }
            }
        }
        return 0;
    }
}
