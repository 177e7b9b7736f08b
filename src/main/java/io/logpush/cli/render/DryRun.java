package io.logpush.cli.render;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.http.ApiRequest;
import io.logpush.sekoia.Destination;

/** Prints the request a write command would send: a curl command a person can paste, or JSON. */
public final class DryRun {
    private DryRun() {
    }

    /**
     * Prints {@code request} as {@code {method, url, body}} ({@code json}) or as a curl command whose credential
     * headers are {@code curlHeaders} (they name environment variables, never values). The destination's secrets
     * are masked unless {@code showSecrets}.
     */
    public static void print(PrintWriter out, boolean json, ApiRequest request, String url, String curlHeaders,
                             boolean showSecrets) {
        ObjectNode shown = request.body() == null ? null : request.body().deepCopy();
        if (shown != null && shown.hasNonNull("destination_conf")) {
            shown.put("destination_conf", Destination.display(shown.get("destination_conf").asText(), showSecrets));
        }
        if (json) {
            Json.print(out, json(request, url, showSecrets));
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("curl -X ").append(request.method()).append(' ').append(quote(url)).append(" \\\n");
        sb.append("  ").append(curlHeaders);
        if (shown != null) {
            sb.append(" \\\n  -H 'Content-Type: application/json' \\\n");
            sb.append("  --data ").append(quote(Json.pretty(shown)));
        }
        out.println(sb);
    }

    /** A request as {@code {method, url, body}}, the destination's secrets masked unless {@code showSecrets}. */
    public static ObjectNode json(ApiRequest request, String url, boolean showSecrets) {
        ObjectNode shown = request.body() == null ? null : request.body().deepCopy();
        if (shown != null && shown.hasNonNull("destination_conf")) {
            shown.put("destination_conf", Destination.display(shown.get("destination_conf").asText(), showSecrets));
        }
        ObjectNode o = Json.object();
        o.put("method", request.method());
        o.put("url", url);
        o.set("body", shown);
        return o;
    }

    /** Single-quotes a shell word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
