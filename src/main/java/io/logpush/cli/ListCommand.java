package io.logpush.cli;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.logpush.cli.render.Json;
import io.logpush.cli.render.Style;
import io.logpush.cli.render.Table;
import io.logpush.model.Job;
import io.logpush.model.Scope;
import io.logpush.sekoia.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        header = "List the Logpush jobs of a zone or account.",
        description = {"%nDestinations are masked: an intake key shows as its first 4 characters and '…'."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush list --zone example.com",
            "  logpush list --zone example.com --sekoia -o json | jq -r '.[].id'",
            "  logpush list --account 01a7362d577a6c3019a474fd6f485823 --dataset gateway_dns"
        })
final class ListCommand extends ApiCommand {
    @Mixin
    DatasetOption datasetOption;

    @Option(names = "--sekoia", description = "Only the jobs that send to a Sekoia intake.")
    boolean sekoiaOnly;

    @Mixin
    ShowSecretsOption secrets;

    @Override
    public Integer call() {
        String dataset = datasetOption.orNull();
        boolean showSecrets = secrets.showSecrets;
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
            Style style = style();
            Table t = new Table("ID", "NAME", "DATASET", "ENABLED", "DESTINATION", "LAST COMPLETE", "LAST ERROR");
            for (Job j : jobs) {
                String error = j.lastError() == null ? null
                        : j.lastError() + (j.errorMessage() != null ? " " + Destination.mask(j.errorMessage()) : "");
                t.row().cell(j.id()).cell(j.name()).cell(j.dataset())
                        .cell(j.enabled() ? "yes" : "no", j.enabled() ? style::green : style::yellow)
                        .cell(Destination.display(j.destinationConf(), showSecrets))
                        .cell(j.lastComplete()).cell(error, style::red);
            }
            print(t);
        }
        return 0;
    }
}
