package io.logpush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cloudflare.CloudflareClient;
import io.logpush.sekoia.Destination;

/** Prints the request a write command would send: a curl command a person can paste, or JSON. */
final class DryRun {
    private DryRun() {
    }

    static void print(Context ctx, OutputOptions output, CloudflareClient client, String method, String path,
                      ObjectNode body, boolean showSecrets) {
        String url = client.url(path, null).toString();
        ObjectNode shown = body == null ? null : body.deepCopy();
        if (shown != null && shown.hasNonNull("destination_conf")) {
            shown.put("destination_conf", Destination.display(shown.get("destination_conf").asText(), showSecrets));
        }
        if (output.json()) {
            ObjectNode o = Json.object();
            o.put("method", method);
            o.put("url", url);
            o.set("body", shown);
            Json.print(ctx.out(), o);
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("curl -X ").append(method).append(' ').append(quote(url)).append(" \\\n");
        sb.append("  ").append(client.credentials().curlHeaders());
        if (shown != null) {
            sb.append(" \\\n  -H 'Content-Type: application/json' \\\n");
            sb.append("  --data ").append(quote(Json.pretty(shown)));
        }
        ctx.out().println(sb);
        ctx.note("(dry run: nothing was sent)");
    }

    /** Single-quotes a shell word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
