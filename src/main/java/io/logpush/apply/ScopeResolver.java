package io.logpush.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.cloudflare.LogpushApi;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Validate;

/**
 * The one way from an apply file to the zones and accounts it names, for apply, check -f, list -f and export -f:
 * zone names to IDs (one lookup each for up to {@link #LOOKUPS} names, else one listing of every zone), {@code zones:
 * all} as every zone, accounts as they are. The zone listing pages by {@code result_info} (no request for an empty
 * page) and is read once per run. A zone that resolves to nothing is {@link Unresolved}: reported by the caller,
 * which carries on with the others and exits 1 at the end. Also remembers each zone's plan, from the listing or a
 * lookup, so that zones of one plan can share a field list ({@link FieldLists}), and each zone's account, so that
 * check can judge the disable alert of the accounts its zones belong to ({@link #accountsOf}).
 */
public final class ScopeResolver {
    /** Up to this many zone names cost one lookup each; more, and every zone is listed once. */
    static final int LOOKUPS = 3;

    /** One (zone or account, dataset) an entry of the file declares. */
    public record Target(Scope scope, ApplyFile.Declared declared) {
    }

    /** A zone of the file that resolves to nothing (or that the token cannot read). */
    public record Unresolved(Scope scope, String dataset, String message) {
    }

    /** What a file names: its targets in file order, and the zones that did not resolve. */
    public record Resolved(List<Target> targets, List<Unresolved> unresolved) {
        /** Each zone and account once, in the file's order. */
        public List<Scope> scopes() {
            Map<String, Scope> scopes = new LinkedHashMap<>();
            targets.forEach(t -> scopes.putIfAbsent(t.scope().path(), t.scope()));
            return List.copyOf(scopes.values());
        }

        /** The datasets the file declares for {@code scope}. */
        public Set<String> datasets(Scope scope) {
            Set<String> out = new TreeSet<>();
            targets.stream().filter(t -> t.scope().path().equals(scope.path()))
                    .forEach(t -> out.add(t.declared().dataset()));
            return out;
        }
    }

    private final LogpushApi api;
    private List<Scope> allZones;
    private List<Scope> allAccounts;
    /** Each zone's plan (legacy_id, else name), from the zone listing or lookups: zones of one plan share fields. */
    private final Map<String, String> planOf = new ConcurrentHashMap<>();
    /** Each zone seen in a listing or lookup, to its account's ID ("" when the answer named none). */
    private final Map<String, String> accountOf = new ConcurrentHashMap<>();

    public ScopeResolver(LogpushApi api) {
        this.api = api;
    }

    public LogpushApi api() {
        return api;
    }

    /** A zone by name ({@code GET /zones?name=}: its plan and account are learned), or NOT_FOUND. */
    public Scope zone(String name) {
        JsonNode zone = api.zone(name);
        learnPlan(zone);
        return new Scope(Scope.Kind.ZONE, zone.path("id").asText(), name);
    }

    /** The accounts of some zones, and the zones whose account could not be learned (with why). */
    public record Accounts(Map<String, String> byZone, Map<String, LogpushException> unknown) {
    }

    /**
     * The account of each zone of {@code zoneIds}: from the zone listing or the lookups the run already did. The
     * zones not seen yet cost one lookup ({@code GET /zones/ID}) when there is one; several are looked for in the
     * zone listing (50 a page, as {@link #learnPlans}: never more pages than zones), and those it does not show are
     * read one each when they are a few ({@value #LOOKUPS}), else left unknown. A zone whose answer names no account
     * is in neither map.
     */
    public Accounts accountsOf(List<String> zoneIds) {
        Set<String> unseen = new HashSet<>(zoneIds);
        unseen.removeAll(accountOf.keySet());
        Map<String, LogpushException> unknown = new LinkedHashMap<>();
        if (unseen.size() > 1) {
            try {
                learnPlans(unseen);
            } catch (LogpushException e) {
                if (e.interrupted()) {
                    throw e;
                }
                zoneIds.stream().filter(unseen::contains).forEach(id -> unknown.put(id, e));
            }
            unseen.removeAll(accountOf.keySet());
            unseen.removeAll(unknown.keySet());
        }
        for (String id : zoneIds) {
            if (!unseen.contains(id) || unknown.containsKey(id)) {
                continue;
            }
            if (unseen.size() > LOOKUPS) {
                unknown.put(id, LogpushException.notFound("zone " + id + " is not in the zone listing",
                        "the token may lack Zone Read"));
                continue;
            }
            try {
                learnPlan(api.zoneById(id));
            } catch (LogpushException e) {
                if (e.interrupted()) {
                    throw e;
                }
                unknown.put(id, e);
            }
        }
        Map<String, String> byZone = new LinkedHashMap<>();
        for (String id : zoneIds) {
            String account = accountOf.get(id);
            if (account != null && !account.isEmpty()) {
                byZone.put(id, account);
            }
        }
        return new Accounts(byZone, unknown);
    }

    /** Resolves the zones and accounts of {@code file}; names that resolve to nothing come back unresolved. */
    public Resolved resolve(ApplyFile file) {
        Map<String, String> ids = zoneIds(file);
        List<Target> targets = new ArrayList<>();
        List<Unresolved> unresolved = new ArrayList<>();
        for (ApplyFile.Declared d : file.jobs()) {
            if (d.kind() == Scope.Kind.ACCOUNT) {
                targets.add(new Target(new Scope(Scope.Kind.ACCOUNT, d.account(), d.account()), d));
                continue;
            }
            if (d.allZones()) {
                allZones().forEach(z -> targets.add(new Target(z, d)));
                continue;
            }
            for (String z : d.zones()) {
                String id = Validate.isHex32(z) ? z : ids.get(z);
                if (id == null) {
                    unresolved.add(new Unresolved(new Scope(Scope.Kind.ZONE, z, z), d.dataset(), "zone " + z + " ("
                            + d.where() + ") not found, or the token cannot read it (needs Zone Read)"));
                } else {
                    targets.add(new Target(new Scope(Scope.Kind.ZONE, id, z), d));
                }
            }
        }
        return new Resolved(List.copyOf(targets), List.copyOf(unresolved));
    }

    /** Every zone the token can read, named in lower case (GET /zones by 50, up to the last page result_info names). */
    public synchronized List<Scope> allZones() {
        if (allZones == null) {
            List<Scope> zones = new ArrayList<>();
            every(api::zones, z -> {
                zones.add(new Scope(Scope.Kind.ZONE, z.path("id").asText(),
                        z.path("name").asText().toLowerCase(Locale.ROOT)));
                learnPlan(z);
            });
            allZones = List.copyOf(zones);
        }
        return allZones;
    }

    /** Every account the token can see (GET /accounts by 50, up to the last page result_info names), by ID. */
    public synchronized List<Scope> allAccounts() {
        if (allAccounts == null) {
            List<Scope> accounts = new ArrayList<>();
            every(api::accounts, a -> accounts.add(new Scope(Scope.Kind.ACCOUNT, a.path("id").asText(),
                    a.path("id").asText())));
            allAccounts = List.copyOf(accounts);
        }
        return allAccounts;
    }

    /** One listing read whole, 50 a page, up to the last page result_info names (no request for an empty page). */
    private static void every(BiFunction<Integer, Integer, LogpushApi.Page> listing, Consumer<JsonNode> each) {
        for (int page = 1; ; page++) {
            LogpushApi.Page got = listing.apply(page, 50);
            got.items().forEach(each);
            if (got.last()) {
                return;
            }
        }
    }

    /** Zone names to IDs: one lookup per name for a few names, else one listing of every zone. */
    private Map<String, String> zoneIds(ApplyFile file) {
        Set<String> names = new HashSet<>();
        boolean all = false;
        for (ApplyFile.Declared d : file.jobs()) {
            all |= d.allZones();
            d.zones().stream().filter(z -> !Validate.isHex32(z)).forEach(names::add);
        }
        Map<String, String> ids = new HashMap<>();
        if (all || names.size() > LOOKUPS) {
            Map<String, String> byName = new HashMap<>();
            allZones().forEach(z -> byName.put(z.label(), z.id()));
            names.stream().filter(byName::containsKey).forEach(n -> ids.put(n, byName.get(n)));
            return ids;
        }
        for (String n : names) {
            try {
                JsonNode zone = api.zone(n);
                learnPlan(zone);
                ids.put(n, zone.path("id").asText());
            } catch (LogpushException e) {
                if (e.kind() != LogpushException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return ids;
    }

    /** The zone's plan, when an answer gave it; null otherwise. */
    String planOf(String zoneId) {
        return planOf.get(zoneId);
    }

    /**
     * Learns the plans of {@code zoneIds} from the zone listing (50 a page): it stops once every one is found, and
     * after as many pages as there are such zones, so it never costs more requests than one field list per zone
     * would. A zone it does not find keeps its own field list.
     */
    void learnPlans(Set<String> zoneIds) {
        Set<String> missing = new HashSet<>(zoneIds);
        missing.removeAll(planOf.keySet());
        missing.removeAll(accountOf.keySet());
        for (int page = 1; page <= zoneIds.size() && !missing.isEmpty(); page++) {
            LogpushApi.Page got = api.zones(page, 50);
            got.items().forEach(z -> {
                learnPlan(z);
                missing.remove(z.path("id").asText());
            });
            if (got.last()) {
                break;
            }
        }
    }

    /**
     * A zone's plan as Cloudflare lists it: {@code plan.legacy_id} ("enterprise"), else {@code plan.name}; and its
     * account ({@code account.id}).
     */
    private void learnPlan(JsonNode zone) {
        JsonNode plan = zone.path("plan");
        String key = plan.path("legacy_id").asText("");
        if (key.isEmpty()) {
            key = plan.path("name").asText("");
        }
        String id = zone.path("id").asText("");
        if (!key.isEmpty() && !id.isEmpty()) {
            planOf.put(id, key);
        }
        if (!id.isEmpty()) {
            accountOf.put(id, zone.path("account").path("id").asText(""));
        }
    }
}
