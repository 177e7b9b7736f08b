package io.logpush.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.logpush.http.ApiRequest;
import io.logpush.model.LogpushException;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;

/**
 * The Sekoia intake a job will send to when logpush makes it: an intake of that name with the dataset's format
 * (reused, so a rerun after a failure makes no second one), or the request that creates it in an entity.
 *
 * @param existing the intake found, or null
 * @param create   the request that creates it, when none was found
 */
public record IntakePlan(String name, Intake existing, ApiRequest create) {

    /** The name logpush gives an intake it creates: "Cloudflare WAF events (example.com)". */
    public static String defaultName(Catalog.Dataset ds, String scopeLabel) {
        return ds.intake() + " (" + scopeLabel + ")";
    }

    /**
     * Finds the intake named {@code name} with the format of {@code dataset}, or plans its creation in
     * {@code entity} (a name or uuid; null: the community's only entity, else a usage error listing them).
     */
    public static IntakePlan plan(SekoiaApi api, String dataset, String name, String entity) {
        Catalog.Dataset ds = Catalog.get().dataset(dataset).orElseThrow(() -> LogpushException.usage(
                "Sekoia has no intake format for dataset " + dataset + ", so no intake can be made for it",
                "'logpush datasets' lists the nine Sekoia reads"));
        Map<String, String> match = new LinkedHashMap<>();
        match.put("name", name);
        match.put("format_uuid", ds.formatUuid());
        List<Intake> found = api.intakes(match).stream().filter(i -> name.equals(i.name())
                && ds.formatUuid().equalsIgnoreCase(String.valueOf(i.formatUuid()))).toList();
        if (found.size() > 1) {
            // two intakes of one name and format: picking one would send the events where nobody looks
            throw LogpushException.usage(found.size() + " Sekoia intakes are named '" + name + "' with the format "
                            + ds.intake() + ": " + String.join(", ", found.stream().map(Intake::uuid).toList()),
                    "rename one of them in Sekoia (Intakes), so that the name says which intake to use; nothing "
                            + "was changed");
        }
        if (found.size() == 1) {
            return new IntakePlan(name, found.get(0), null);
        }
        SekoiaApi.Entity e = entity(api.entities(), entity);
        return new IntakePlan(name, null, SekoiaApi.createIntakeRequest(name, ds.formatUuid(), e.uuid()));
    }

    static SekoiaApi.Entity entity(List<SekoiaApi.Entity> entities, String wanted) {
        if (wanted == null) {
            if (entities.size() == 1) {
                return entities.get(0);
            }
            throw LogpushException.usage("the Sekoia community has " + entities.size() + " entities: --entity is "
                    + "required", "one of: " + names(entities));
        }
        for (SekoiaApi.Entity e : entities) {
            if (e.uuid().equalsIgnoreCase(wanted) || e.name().toLowerCase(Locale.ROOT).equals(
                    wanted.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw LogpushException.usage("no Sekoia entity '" + wanted + "'", "one of: " + names(entities));
    }

    private static String names(List<SekoiaApi.Entity> entities) {
        return entities.isEmpty() ? "(none)" : String.join(", ", entities.stream()
                .map(e -> "'" + e.name() + "' (" + e.uuid() + ")").toList());
    }
}
