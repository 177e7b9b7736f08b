package io.logpush.sekoia;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Sekoia intake, read from the JSON tree (unknown properties ignored). {@code intakeKey} is a secret:
 * callers register it with the redactor and never print it unmasked.
 */
public record Intake(String uuid, String name, String formatUuid, String entityUuid, String entityName,
                     String status, String intakeKey) {

    public static Intake from(JsonNode n) {
        return new Intake(text(n, "uuid"), text(n, "name"), text(n, "format_uuid"), text(n, "entity_uuid"),
                n.path("entity").isObject() ? text(n.path("entity"), "name") : null, text(n, "status"),
                text(n, "intake_key"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The dataset whose Sekoia format this intake has, or the format uuid when the catalog has none. */
    public String formatLabel() {
        return Catalog.get().datasetOfFormat(formatUuid == null ? "" : formatUuid)
                .map(d -> d.intake() + " (" + d.name() + ")").orElse("format " + formatUuid);
    }
}
