package io.logpush.cli;

import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Validate;
import io.logpush.sekoia.Catalog;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** --zone or --account (or CLOUDFLARE_ZONE_ID and CLOUDFLARE_ACCOUNT_ID): where a command works. */
public final class ScopeOptions {
    /** One of the two, never both (picocli refuses both). */
    static final class Choice {
        @Option(names = {"-z", "--zone"}, paramLabel = "ZONE",
                description = "Zone ID (32 hex) or zone name such as example.com. Env: CLOUDFLARE_ZONE_ID.")
        String zone;

        @Option(names = {"-a", "--account"}, paramLabel = "ID",
                description = "Account ID (32 hex), for account-scoped datasets. Env: CLOUDFLARE_ACCOUNT_ID.")
        String account;
    }

    @ArgGroup(exclusive = true)
    Choice choice;

    /** A scope asked for, checked but not yet resolved: a zone may still be a name. */
    record Target(Scope.Kind kind, String value) {
    }

    /**
     * Which zone or account a command works on, checked before any request. {@code dataset} (may be null)
     * decides between the two when the catalog knows its scope.
     */
    Target target(Context ctx, String dataset) {
        Catalog.Dataset known = dataset == null ? null : Catalog.get().dataset(dataset).orElse(null);
        String zone = choice == null ? null : choice.zone;
        String account = choice == null ? null : choice.account;
        if (zone != null) {
            requireScope(known, Scope.Kind.ZONE);
            return new Target(Scope.Kind.ZONE, Validate.zone(zone, "--zone"));
        }
        if (account != null) {
            requireScope(known, Scope.Kind.ACCOUNT);
            return new Target(Scope.Kind.ACCOUNT, Validate.account(account, "--account"));
        }
        String zoneEnv = ctx.env("CLOUDFLARE_ZONE_ID");
        String accountEnv = ctx.env("CLOUDFLARE_ACCOUNT_ID");
        boolean zoneOk = known == null || known.allows(Scope.Kind.ZONE);
        boolean accountOk = known == null || known.allows(Scope.Kind.ACCOUNT);
        if (zoneOk && zoneEnv != null) {
            return new Target(Scope.Kind.ZONE, Validate.zone(zoneEnv, "CLOUDFLARE_ZONE_ID"));
        }
        if (accountOk && accountEnv != null) {
            return new Target(Scope.Kind.ACCOUNT, Validate.account(accountEnv, "CLOUDFLARE_ACCOUNT_ID"));
        }
        if (known != null && !zoneOk) {
            throw LogpushException.usage("dataset " + dataset + " is account-scoped: --account is required",
                    "pass --account ID or set CLOUDFLARE_ACCOUNT_ID (the ID is on the account's Overview page)");
        }
        if (known != null && !accountOk) {
            throw LogpushException.usage("dataset " + dataset + " is zone-scoped: --zone is required",
                    "pass --zone example.com (or the zone ID), or set CLOUDFLARE_ZONE_ID");
        }
        throw LogpushException.usage("no zone or account given: --zone or --account is required",
                "pass --zone example.com (or set CLOUDFLARE_ZONE_ID), or --account ID for account-scoped datasets");
    }

    /** The target when a zone or account is given (options or environment), else null. */
    Target targetIfAny(Context ctx) {
        boolean given = choice != null || ctx.env("CLOUDFLARE_ZONE_ID") != null
                || ctx.env("CLOUDFLARE_ACCOUNT_ID") != null;
        return given ? target(ctx, null) : null;
    }

    /**
     * The scope as given on the command line, for a hint printed before the scope is resolved: " --zone example.com",
     * " --account ID", or "" when it comes from the environment (which a pasted command inherits too).
     */
    String givenArgs() {
        if (choice != null && choice.zone != null) {
            return " --zone " + choice.zone;
        }
        return choice != null && choice.account != null ? " --account " + choice.account : "";
    }

    private static void requireScope(Catalog.Dataset known, Scope.Kind kind) {
        if (known != null && !known.allows(kind)) {
            throw LogpushException.usage("dataset " + known.name() + " is " + kind.other().word() + "-scoped: use "
                    + kind.other().option() + ", not " + kind.option(),
                    "'logpush datasets' lists the scope of each dataset");
        }
    }
}
