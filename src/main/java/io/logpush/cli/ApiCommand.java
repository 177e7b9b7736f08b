package io.logpush.cli;

import picocli.CommandLine.Mixin;

/** A subcommand that calls the Cloudflare API. */
abstract class ApiCommand extends OutputCommand {
    @Mixin
    ScopeOptions where;

    @Mixin
    ApiOptions api;

    /** Opens the session; every check that needs no request has run by then. */
    Session open() {
        return Session.open(ctx(), api);
    }
}
