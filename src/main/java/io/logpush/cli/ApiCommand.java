package io.logpush.cli;

import io.logpush.cli.render.DryRun;
import io.logpush.cli.render.Json;
import io.logpush.http.ApiRequest;
import io.logpush.model.Job;
import picocli.CommandLine.Mixin;

/** A subcommand that calls the Cloudflare API and prints a result. */
abstract class ApiCommand extends OutputCommand {
    @Mixin
    ScopeOptions where;

    @Mixin
    ApiOptions api;

    /** Opens the session; every check that needs no request has run by then. */
    Session open() {
        return Session.open(ctx(), api);
    }

    /** --dry-run: prints the request instead of sending it. */
    void printDryRun(Session session, ApiRequest request, boolean showSecrets) {
        DryRun.print(out(), output.json(), request, ctx().redactor().redact(session.api().url(request)),
                session.api().credentials().curlHeaders(), showSecrets);
        ctx().note("(dry run: nothing was sent)");
    }

    /** A job in JSON, its destination masked unless {@code showSecrets}. */
    void printJson(Job job, boolean showSecrets) {
        Json.print(out(), Json.job(job, showSecrets));
    }
}
