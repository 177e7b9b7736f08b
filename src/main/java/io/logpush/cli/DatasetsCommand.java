package io.logpush.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.Json;
import io.logpush.cli.render.Table;
import io.logpush.sekoia.Catalog;

@picocli.CommandLine.Command(name = "datasets", mixinStandardHelpOptions = true,
        header = "List the Cloudflare datasets Sekoia.io has an intake for (no network).",
        description = {
            "%nThe built-in Sekoia catalog: each dataset's scope (zone or account), Sekoia intake and format uuid, "
                + "the timestamp format Sekoia's parser reads (unixnano for zone datasets, rfc3339 for account "
                + "datasets) and Sekoia's documented field list (what --fields sekoia sends).",
        },
        footerHeading = "%nExamples:%n",
        footer = {"  logpush datasets", "  logpush datasets -o json | jq -r '.[] | select(.scopes[0]==\"zone\") | .name'"})
final class DatasetsCommand extends OutputCommand {
    @Override
    public Integer call() {
        Catalog catalog = Catalog.get();
        if (output.json()) {
            ArrayNode arr = Json.array();
            for (Catalog.Dataset d : catalog.datasets()) {
                ObjectNode o = arr.addObject();
                o.put("name", d.name());
                d.scopes().forEach(o.putArray("scopes")::add);
                o.put("intake", d.intake());
                o.put("format_uuid", d.formatUuid());
                o.put("timestamps", d.timestamps());
                d.fields().forEach(o.putArray("fields")::add);
                d.parserFields().forEach(o.putArray("parser_fields")::add);
            }
            Json.print(out(), arr);
            return 0;
        }
        Table t = new Table("DATASET", "SCOPE", "TIMESTAMPS", "FIELDS", "SEKOIA INTAKE", "FORMAT UUID");
        for (Catalog.Dataset d : catalog.datasets()) {
            t.row().cell(d.name()).cell(String.join(",", d.scopes())).cell(d.timestamps()).cell(d.fields().size())
                    .cell(d.intake()).cell(d.formatUuid());
        }
        print(t);
        return 0;
    }
}
