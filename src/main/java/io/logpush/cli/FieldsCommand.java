package io.logpush.cli;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cloudflare.Scope;
import io.logpush.core.Validate;
import io.logpush.sekoia.Catalog;
import picocli.CommandLine.Command;
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
final class FieldsCommand extends ApiCommand {
    @Option(names = {"-d", "--dataset"}, paramLabel = "DATASET", defaultValue = "firewall_events",
            completionCandidates = Catalog.DatasetNames.class,
            description = "The dataset. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Override
    public Integer call() {
        Validate.dataset(dataset);
        ScopeOptions.Target target = where.target(ctx(), dataset);
        try (Session session = open()) {
            Scope scope = session.scope(target);
            Map<String, String> fields = session.api().fields(scope, dataset);
            switch (output.format()) {
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
                    print(t);
                }
            }
        }
        return 0;
    }
}
