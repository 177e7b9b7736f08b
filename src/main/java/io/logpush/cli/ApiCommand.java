package io.logpush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cli.render.DryRun;
import io.logpush.cli.render.Json;
import io.logpush.http.ApiRequest;
import io.logpush.model.Job;
import io.logpush.sekoia.SekoiaApi;
import io.logpush.sekoia.SekoiaClient;
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
        printDryRun(session, request, showSecrets, null, null);
    }

    /**
     * The dry run of a write that a Sekoia request (making its intake) comes before, when {@code sekoiaRequest} is
     * not null: two curl commands in order, or with -o json one document, Cloudflare's request with the Sekoia one
     * nested as {@code sekoia_request} (ci.md: one JSON document per run).
     */
    void printDryRun(Session session, ApiRequest request, boolean showSecrets, SekoiaApi sekoia,
                     ApiRequest sekoiaRequest) {
        String url = ctx().redactor().redact(session.api().url(request));
        if (sekoiaRequest != null && output.json()) {
            ObjectNode o = DryRun.json(request, url, showSecrets);
            o.set("sekoia_request", DryRun.json(sekoiaRequest, sekoia.url(sekoiaRequest), false));
            Json.print(out(), o);
        } else {
            if (sekoiaRequest != null) {
                DryRun.print(out(), output.json(), sekoiaRequest, sekoia.url(sekoiaRequest),
                        SekoiaClient.curlHeaders(), false);
            }
            DryRun.print(out(), output.json(), request, url, session.api().credentials().curlHeaders(), showSecrets);
        }
        ctx().note("(dry run: nothing was sent)");
    }

    /** A job in JSON, its destination masked unless {@code showSecrets}. */
    void printJson(Job job, boolean showSecrets) {
        Json.print(out(), Json.job(job, showSecrets));
    }
}
