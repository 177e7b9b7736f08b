package io.logpush.sekoia;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.http.ApiRequest;
import io.logpush.http.HttpTransport;
import io.logpush.http.JsonTree;
import io.logpush.model.LogpushException;
import io.logpush.model.LogpushException.Kind;
import okhttp3.HttpUrl;

/**
 * Sekoia.io's API over the shared {@link HttpTransport}: the base URL, the API key (a bearer token), JSON, and
 * errors turned into one-line messages with a hint. Sekoia's error bodies are not documented: {@code message},
 * {@code detail} or {@code error} is shown when present.
 */
public final class SekoiaClient implements AutoCloseable {
    public static final String SERVICE = "Sekoia";
    public static final String URL_HINT = "--sekoia-api-url (or SEKOIA_API_URL)";
    public static final String REQUEST_ID = "x-request-id";
    public static final String BUDGET = "Sekoia rate-limits its API (no published numbers)";
    /** The API as the transport names it in messages. */
    public static final HttpTransport.Api API = new HttpTransport.Api(SERVICE, URL_HINT, REQUEST_ID, BUDGET);

    private final HttpUrl baseUrl;
    private final String apiKey;
    private final HttpTransport transport;

    public SekoiaClient(HttpUrl baseUrl, String apiKey, HttpTransport transport) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.transport = transport;
    }

    /** The absolute URL of an API path, with query parameters. */
    public HttpUrl url(String path, Map<String, String> query) {
        return HttpTransport.url(baseUrl, path, query);
    }

    public JsonNode get(String what, String path, Map<String, String> query) {
        return send(what, "GET", url(path, query), null);
    }

    public JsonNode send(ApiRequest request) {
        return send(request.what(), request.method(), url(request.path(), null), request.body());
    }

    private JsonNode send(String what, String method, HttpUrl url, ObjectNode body) {
        HttpTransport.Answer answer = transport.execute(what, transport.jsonRequest(method, url, body,
                b -> b.header("Authorization", "Bearer " + apiKey)));
        JsonNode root = parse(answer.body());
        if (answer.ok()) {
            if (root == null) {
                throw new LogpushException(Kind.FAILURE, what + " failed: Sekoia's answer (HTTP " + answer.status()
                        + ") is not JSON" + answer.requestIdSuffix("request"), "check " + URL_HINT
                        + ": it must point at Sekoia's API (https://api.sekoia.io for FRA1)");
            }
            return root;
        }
        throw error(what, answer, root);
    }

    private static JsonNode parse(String text) {
        JsonNode n = JsonTree.lenient(text);
        return n != null && n.isContainerNode() ? n : null;
    }

    private static LogpushException error(String what, HttpTransport.Answer answer, JsonNode root) {
        String said = null;
        if (root != null && root.isObject()) {
            for (String key : new String[] {"message", "detail", "error"}) {
                if (root.path(key).isTextual()) {
                    said = root.path(key).asText();
                    break;
                }
            }
        }
        String message = what + " failed: Sekoia answered HTTP " + answer.status()
                + (said != null ? " (" + said + ")" : "") + answer.requestIdSuffix("request");
        return switch (answer.status()) {
            case 401 -> LogpushException.auth(message, "the Sekoia API key is missing, invalid or expired: make one "
                    + "under Settings > Workspace > API Keys and set SEKOIA_API_KEY");
            case 403 -> LogpushException.auth(message, "the Sekoia API key lacks a permission for this");
            case 404 -> LogpushException.notFound(message, "check " + URL_HINT + " and the region");
            default -> new LogpushException(Kind.FAILURE, message, answer.status() >= 500
                    ? "Sekoia had a problem; try again later" : null);
        };
    }

    /** curl's header that names the key by its variable, never its value. */
    public static String curlHeaders() {
        return "-H \"Authorization: Bearer $SEKOIA_API_KEY\"";
    }

    @Override
    public void close() {
        transport.close();
    }
}
