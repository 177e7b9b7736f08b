package io.logpush.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.logpush.apply.ScopeResolver;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.sekoia.Catalog;
import picocli.CommandLine.Option;

/**
 * --all-zones and --all-accounts (check, list, export): every zone and every account the token can see, with the
 * zone or account given (--zone, --account or the environment) as a union; not with -f.
 */
final class AllScopesOptions {
    @Option(names = "--all-zones",
            description = "Every zone the token can read (with --zone or --account: as well). Not with --file.")
    boolean allZones;

    @Option(names = "--all-accounts",
            description = "Every account the token can see (GET /accounts; with --zone or --account: as well). "
                    + "Not with --file.")
    boolean allAccounts;

    boolean given() {
        return allZones || allAccounts;
    }

    /** Refuses --file with them, before any request. */
    void refuseFile(FleetOptions fleet) {
        refuseFile(fleet.given());
    }

    void refuseFile(boolean fileGiven) {
        if (given() && fileGiven) {
            throw LogpushException.usage((allZones ? "--all-zones" : "--all-accounts") + " and --file do not go "
                    + "together", "--file names its zones and accounts (zones: all for every zone)");
        }
    }

    /** One scope found by these options, and whether it was asked for by name (--zone, --account) too. */
    record Found(Scope scope, boolean named) {
    }

    /** What they name, for a header: "every zone the token can read and every account it can see". */
    String describe() {
        return allZones && allAccounts ? "every zone the token can read and every account it can see"
                : allZones ? "every zone the token can read" : "every account the token can see";
    }

    /**
     * The union, each scope once (by path), the named one first; the zones (accounts) whose kind {@code dataset}
     * cannot have are left out of the listings.
     */
    List<Found> scopes(ScopeResolver resolver, Scope named, String dataset) {
        Catalog.Dataset known = dataset == null ? null : Catalog.get().dataset(dataset).orElse(null);
        Map<String, Found> out = new LinkedHashMap<>();
        if (named != null) {
            out.put(named.path(), new Found(named, true));
        }
        List<Scope> listed = new ArrayList<>();
        if (allZones && (known == null || known.allows(Scope.Kind.ZONE))) {
            listed.addAll(resolver.allZones());
        }
        if (allAccounts && (known == null || known.allows(Scope.Kind.ACCOUNT))) {
            listed.addAll(resolver.allAccounts());
        }
        listed.forEach(s -> out.putIfAbsent(s.path(), new Found(s, false)));
        return List.copyOf(out.values());
    }
}
