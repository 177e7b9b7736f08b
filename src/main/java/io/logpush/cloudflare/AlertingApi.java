package io.logpush.cloudflare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.http.ApiRequest;
import io.logpush.model.LogpushException;

/**
 * Cloudflare's notification API (alerting v3) as far as Logpush needs it: the policies of the one Logpush alert type
 * ({@value #ALERT_TYPE}), whether the account may subscribe to it, and the webhook destinations a policy can name.
 */
public final class AlertingApi {
    /** Cloudflare's only Logpush notification: a job was disabled after about 24 h of failed uploads. */
    public static final String ALERT_TYPE = "failing_logpush_job_disabled_alert";
    public static final String READ_PERMISSION = "Notifications Read";
    public static final String WRITE_PERMISSION = "Notifications Write";

    private final CloudflareClient client;

    public AlertingApi(CloudflareClient client) {
        this.client = client;
    }

    /** A notification policy: who it notifies, by mechanism ("email", "webhooks", "pagerduty") and target ids. */
    public record Policy(String id, String name, boolean enabled, String alertType,
                         Map<String, List<String>> mechanisms) {
        static Policy from(JsonNode p) {
            Map<String, List<String>> mechanisms = new LinkedHashMap<>();
            p.path("mechanisms").properties().forEach(e -> {
                List<String> ids = new ArrayList<>();
                e.getValue().forEach(m -> {
                    String id = m.isObject() ? m.path("id").asText("") : m.asText("");
                    if (!id.isEmpty()) {
                        ids.add(id);
                    }
                });
                mechanisms.put(e.getKey(), List.copyOf(ids));
            });
            return new Policy(p.path("id").asText(""), p.path("name").asText(""), p.path("enabled").asBoolean(false),
                    p.path("alert_type").asText(""), mechanisms);
        }
    }

    /** A webhook destination; its URL may carry a secret in the query, so it is never shown as is. */
    public record Webhook(String id, String name, String type, String url) {
    }

    /** {@code GET /accounts/ID/alerting/v3/policies}, the policies of {@link #ALERT_TYPE} only. */
    public List<Policy> policies(String accountId) {
        JsonNode result = read("listing the notification policies of account " + accountId,
                path(accountId, "/policies"));
        List<Policy> out = new ArrayList<>();
        if (result.isArray()) {
            for (JsonNode p : result) {
                if (p.isObject() && ALERT_TYPE.equals(p.path("alert_type").asText())) {
                    out.add(Policy.from(p));
                }
            }
        }
        return out;
    }

    /** {@code GET /accounts/ID/alerting/v3/destinations/webhooks}. */
    public List<Webhook> webhooks(String accountId) {
        JsonNode result = read("listing the webhook destinations of account " + accountId,
                path(accountId, "/destinations/webhooks"));
        List<Webhook> out = new ArrayList<>();
        if (result.isArray()) {
            for (JsonNode w : result) {
                out.add(new Webhook(w.path("id").asText(""), w.path("name").asText(""), w.path("type").asText(""),
                        w.path("url").asText("")));
            }
        }
        return out;
    }

    /**
     * {@code GET /accounts/ID/alerting/v3/available_alerts}: whether {@link #ALERT_TYPE} is among them. Cloudflare
     * groups them by product ({"Logpush": [{"type": …}]}); a flat list is read too.
     */
    public boolean alertAvailable(String accountId) {
        JsonNode result = read("listing the alerts available to account " + accountId,
                path(accountId, "/available_alerts"));
        List<JsonNode> entries = new ArrayList<>();
        if (result.isObject()) {
            result.properties().forEach(e -> e.getValue().forEach(entries::add));
        } else if (result.isArray()) {
            result.forEach(entries::add);
        }
        return entries.stream().anyMatch(a -> ALERT_TYPE.equals(a.path("type").asText())
                || ALERT_TYPE.equals(a.path("alert_type").asText()));
    }

    /** {@code POST /accounts/ID/alerting/v3/policies}: a new enabled policy of {@link #ALERT_TYPE}. */
    public static ApiRequest createRequest(String accountId, String name, String description,
                                           Map<String, List<String>> mechanisms) {
        return new ApiRequest("creating the notification policy '" + name + "' in account " + accountId, "POST",
                path(accountId, "/policies"), body(name, description, mechanisms));
    }

    /** {@code PUT /accounts/ID/alerting/v3/policies/POLICY}: the policy, enabled, with these mechanisms. */
    public static ApiRequest updateRequest(String accountId, String policyId, String name, String description,
                                           Map<String, List<String>> mechanisms) {
        return new ApiRequest("updating the notification policy '" + name + "' of account " + accountId, "PUT",
                path(accountId, "/policies/" + policyId), body(name, description, mechanisms));
    }

    /** Sends a policy write; a refusal names {@link #WRITE_PERMISSION}. Returns the policy's id. */
    public String write(ApiRequest request) {
        try {
            return client.send(request).result().path("id").asText("");
        } catch (CloudflareException e) {
            throw permission(e, WRITE_PERMISSION);
        }
    }

    /** The absolute URL of a request, for --dry-run. */
    public String url(ApiRequest request) {
        return client.url(request.path(), null).toString();
    }

    private JsonNode read(String what, String path) {
        try {
            return client.get(what, path, null).result();
        } catch (CloudflareException e) {
            throw permission(e, READ_PERMISSION);
        }
    }

    /** A refused request, its hint naming the permission the token needs. */
    private static LogpushException permission(CloudflareException e, String permission) {
        if (e.kind() != LogpushException.Kind.AUTH) {
            return e;
        }
        return new LogpushException(LogpushException.Kind.AUTH, e.getMessage(), "the token needs '"
                + permission + "' on the account (Account > Notifications): add it under My Profile > API Tokens");
    }

    private static ObjectNode body(String name, String description, Map<String, List<String>> mechanisms) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", name).put("alert_type", ALERT_TYPE).put("enabled", true).put("description", description);
        ObjectNode m = body.putObject("mechanisms");
        mechanisms.forEach((kind, ids) -> {
            ArrayNode list = m.putArray(kind);
            ids.forEach(id -> list.addObject().put("id", id));
        });
        return body;
    }

    private static String path(String accountId, String rest) {
        return "/accounts/" + accountId + "/alerting/v3" + rest;
    }
}
