package io.logpush.cli.render;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cloudflare.AlertingApi.Policy;
import io.logpush.cloudflare.AlertingApi.Webhook;

/**
 * {@code logpush alerts}: the policies of Cloudflare's Logpush alert, as a table or JSON. A webhook is shown by its
 * name and id, its URL without query or user info (a query can carry a secret).
 */
public final class AlertsView {
    private AlertsView() {
    }

    /** NAME, ENABLED, NOTIFIES (emails; webhooks by name). */
    public static Table table(List<Policy> policies, Map<String, Webhook> webhooks) {
        Table t = new Table("NAME", "ENABLED", "NOTIFIES");
        for (Policy p : policies) {
            t.row().cell(p.name()).cell(p.enabled() ? "yes" : "no").cell(notifies(p, webhooks));
        }
        return t;
    }

    /** [{id, name, enabled, mechanisms: {email: [{id}], webhooks: [{id, name, url}]}}]. */
    public static void printJson(PrintWriter out, List<Policy> policies, Map<String, Webhook> webhooks) {
        ArrayNode a = Json.array();
        for (Policy p : policies) {
            ObjectNode o = a.addObject().put("id", p.id()).put("name", p.name()).put("enabled", p.enabled());
            ObjectNode m = o.putObject("mechanisms");
            p.mechanisms().forEach((kind, ids) -> {
                ArrayNode list = m.putArray(kind);
                for (String id : ids) {
                    ObjectNode e = list.addObject().put("id", id);
                    Webhook w = webhooks.get(id);
                    if ("webhooks".equals(kind) && w != null) {
                        e.put("name", w.name()).put("url", maskUrl(w.url()));
                    }
                }
            });
        }
        Json.print(out, a);
    }

    private static String notifies(Policy p, Map<String, Webhook> webhooks) {
        StringBuilder sb = new StringBuilder();
        p.mechanisms().forEach((kind, ids) -> {
            for (String id : ids) {
                if (!sb.isEmpty()) {
                    sb.append(", ");
                }
                Webhook w = "webhooks".equals(kind) ? webhooks.get(id) : null;
                sb.append("email".equals(kind) ? id : kind.replaceAll("s$", "") + " " + (w != null ? w.name() : id));
            }
        });
        return sb.isEmpty() ? "nobody" : sb.toString();
    }

    /** A URL without its user info and query: "https://hooks.example.com/in?…". */
    public static String maskUrl(String url) {
        String u = url == null ? "" : url;
        int q = u.indexOf('?');
        String head = q < 0 ? u : u.substring(0, q);
        int scheme = head.indexOf("://");
        int at = head.indexOf('@');
        if (scheme >= 0 && at > scheme) {
            head = head.substring(0, scheme + 3) + "…@" + head.substring(at + 1);
        }
        return q < 0 ? head : head + "?…";
    }
}
