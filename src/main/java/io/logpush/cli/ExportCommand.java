package io.logpush.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.logpush.apply.ApplyFile;
import io.logpush.apply.Export;
import io.logpush.cli.render.ExportReport;
import io.logpush.apply.ScopeResolver;
import io.logpush.cli.render.Json;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.sekoia.SekoiaApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Write the existing Logpush jobs that feed Sekoia as an apply file, without a secret.",
        description = {
            "%nReads the jobs of a zone or account (--zone, --account or their variables), of every zone the token "
                + "can read (--all-zones) and every account it can see (--all-accounts), with the zone or account "
                + "given as well, or of the zones and accounts an "
                + "apply file names (-f), and prints an "
                + "apply file (man logpush-apply, or docs/apply.md) that describes them: dataset, name, enabled, fields, timestamps, "
                + "output_options, filter, upload limits and the intake's region or URL. Jobs identical but for "
                + "their zone (the same intake among them) share one entry, zones: [a, b, …]; a field list that is "
                + "Sekoia's is written fields: sekoia. 'logpush apply -f FILE --plan' right after finds nothing to "
                + "change.",
            "%nNo intake key is written: each becomes a $${VARIABLE} (SEKOIA_KEY_ZONE_DATASET; jobs that share a key "
                + "share it), listed on stderr with its key masked and its jobs. With a Sekoia API key "
                + "(SEKOIA_API_KEY), a job whose intake apply can find by name is written as intake: {name: …} "
                + "instead, so the file needs no variable (--key-variables keeps the variables).",
            "%nA job the file cannot describe without losing something (another destination with --all-jobs, an "
                + "output option or kind apply does not set, a second job of a dataset in one zone) is left out, "
                + "with the reason on stderr; that is not an error (exit 0).",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  logpush export --zone example.com > sekoia-logpush.yaml",
            "  logpush export --all-zones > sekoia-logpush.yaml     # then set the variables it lists",
            "  logpush export --all-zones --account 01a7362d577a6c3019a474fd6f485823 > sekoia-logpush.yaml",
            "  logpush apply -f sekoia-logpush.yaml --plan --detailed-exitcode   # exit 0: nothing to change",
            "  logpush export --account 01a7362d577a6c3019a474fd6f485823 -o json",
        })
final class ExportCommand extends BaseCommand {
    /** Output formats: an apply file in YAML (with a header of comments) or JSON. */
    enum Format { yaml, json }

    @Mixin
    ScopeOptions where;

    @Mixin
    AllScopesOptions everywhere;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The zones and accounts an apply file names ('-' for standard input); its unset "
                    + "variables do not matter.")
    Path file;

    @Option(names = "--sekoia", description = "Only the jobs that send to Sekoia (the default).")
    boolean sekoiaOnly;

    @Option(names = "--all-jobs",
            description = "Also list the jobs that do not send to Sekoia, on stderr, as not exported.")
    boolean allJobs;

    @Option(names = "--key-variables",
            description = "Write $${VARIABLE} intake keys even when a Sekoia API key could name the intakes.")
    boolean keyVariables;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format format = Format.yaml;

    @Mixin
    ApiOptions api;

    @Mixin
    SekoiaOptions sekoiaOptions;

    /** Stands for an unset variable of a file read only for its zones and accounts. */
    private static final String UNSET = "unset0variable0of0the0file000000";

    @Override
    public Integer call() {
        if (sekoiaOnly && allJobs) {
            throw LogpushException.usage("--sekoia and --all-jobs exclude each other", "--sekoia is the default");
        }
        everywhere.refuseFile(file != null);
        if (file != null && where.choice != null) {
            throw LogpushException.usage("give --zone, --account (with --all-zones or --all-accounts, if you like) or "
                    + "--file", "logpush export --zone example.com, or --all-zones for every zone");
        }
        // --all-zones --account ID: every zone and that account (a union)
        ScopeOptions.Target target = everywhere.given() ? where.targetIfAny(ctx())
                : file == null ? where.target(ctx(), null) : null;
        ApplyFile named = null;
        if (file != null) {
            named = ApplyFile.parse(Inputs.isStdin(file) ? "<stdin>" : file.toString(),
                    Inputs.read(ctx(), file, "--file", ApplyFile.MAX_BYTES),
                    v -> ctx().env(v) != null && !ctx().env(v).isEmpty() ? ctx().env(v) : UNSET, true);
        }
        SekoiaApi sekoia = keyVariables ? null : Session.openSekoia(ctx(), api, sekoiaOptions, null);
        try (Session session = Session.open(ctx(), api); SekoiaApi intakes = sekoia;
             SignalGuard guard = SignalGuard.install(ctx(), "logpush: interrupted: export wrote nothing")) {
            Scopes what = scopes(session, target, named);
            List<Scope> scopes = what.scopes();
            String source = what.source();
            Export.Result result = new Export(session.api(), intakes, allJobs).run(scopes).with(what.unresolved());
            result.variables().forEach(v -> ctx().redactor().add(v.key()));
            // Written whole or not at all: a file cut short would be trusted by a later apply --prune.
            String text = format == Format.json ? Json.pretty(result.file()) + System.lineSeparator()
                    : ExportReport.yaml(result, source);
            if (!guard.writeWhole(() -> {
                out().print(text);
                out().flush();
            })) {
                return ExitCode.INTERRUPTED.code();
            }
            ExportReport.report(result).forEach(ctx()::note);
            ctx().note("Exported " + result.exported() + " job" + (result.exported() == 1 ? "" : "s") + " of "
                    + scopes.size() + (scopes.size() == 1 ? " zone or account" : " zones and accounts")
                    + (result.skipped().isEmpty() ? "" : "; " + result.skipped().size() + " left out") + ".");
            return result.failed().isEmpty() ? ExitCode.SUCCESS.code() : ExitCode.FAILURE.code();
        }
    }

    /** What to export: the scopes, those of a file that did not resolve (reported as failed), and how to name them. */
    private record Scopes(List<Scope> scopes, List<ScopeResolver.Unresolved> unresolved, String source) {
    }

    private Scopes scopes(Session session, ScopeOptions.Target target, ApplyFile named) {
        ScopeResolver resolver = new ScopeResolver(session.api());
        if (everywhere.given()) {
            Scope given = target == null ? null : session.scope(target);
            List<Scope> scopes = new ArrayList<>();
            // the named zone or account last, as its own part of the header
            everywhere.scopes(resolver, given, null).stream().filter(f -> !f.named())
                    .forEach(f -> scopes.add(f.scope()));
            String source = everywhere.describe();
            if (given != null) {
                scopes.removeIf(s -> s.path().equals(given.path()));
                scopes.add(given);
                source += " and " + given.describe();
            }
            return new Scopes(scopes, List.of(), source);
        }
        if (named != null) {
            ScopeResolver.Resolved resolved = resolver.resolve(named);
            return new Scopes(resolved.scopes(), resolved.unresolved(), "the zones and accounts of "
                    + file.getFileName());
        }
        Scope scope = session.scope(target);
        return new Scopes(List.of(scope), List.of(), scope.describe());
    }
}
