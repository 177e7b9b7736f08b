package io.logpush.cloudflare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.logpush.http.ApiRequest;
import io.logpush.http.HttpTransport;
import io.logpush.http.JsonTree;
import io.logpush.http.UnitBudget;
import io.logpush.model.LogpushException;
import io.logpush.model.LogpushException.Kind;
import okhttp3.HttpUrl;

/**
 * The Cloudflare v4 API over the shared {@link HttpTransport}: the base URL, credentials, and the
 * envelope. Everything above it works with {@link ApiResponse} or a {@link LogpushException}.
 */
public final class CloudflareClient implements AutoCloseable {
    /** How the transport names Cloudflare in messages and hints. */
    public static final String SERVICE = "Cloudflare";
    public static final String URL_HINT = "--api-url (or CLOUDFLARE_BASE_URL)";
    public static final String REQUEST_ID = "cf-ray";
    public static final String BUDGET = "Cloudflare allows 1,200 API requests per 5 minutes";
    /** The API as the transport names it in messages. */
    public static final HttpTransport.Api API = new HttpTransport.Api(SERVICE, URL_HINT, REQUEST_ID, BUDGET);

    private final HttpUrl baseUrl;
    private final Credentials credentials;
    private final HttpTransport transport;

    public CloudflareClient(HttpUrl baseUrl, Credentials credentials, HttpTransport transport) {
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.transport = transport;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** Requests sent so far (for progress). */
    public long requests() {
        return transport.requests();
    }

    /** The absolute URL of an API path, with query parameters. */
    public HttpUrl url(String path, Map<String, String> query) {
        return HttpTransport.url(baseUrl, path, query);
    }

    public ApiResponse get(String what, String path, Map<String, String> query) {
        return send(what, "GET", url(path, query), null);
    }

    public ApiResponse send(ApiRequest request) {
        return send(request.what(), request.method(), url(request.path(), null), request.body());
    }

    private ApiResponse send(String what, String method, HttpUrl url, JsonNode body) {
        HttpTransport.Answer answer = transport.execute(what, transport.jsonRequest(method, url, body,
                credentials::apply));
        if (answer.ok()) {
            return success(what, answer);
        }
        throw CloudflareException.of(what, answer.status(), answer.reason(), errors(answer.body()), answer.requestId(),
                credentials.verifyCommand(baseText()));
    }

    /**
     * {@code POST /graphql}: the answer's whole JSON object ({@code data}, {@code errors}), which carries no v4
     * envelope; a refusal (non-2xx) is a {@link CloudflareException}, an answer that is not a JSON object a failure.
     * The query costs {@code units} of GraphQL's {@code budget} (waited for first) and one request of the REST
     * budget; {@code spent} reads in an answer that Cloudflare found the budget spent anyway, and how long to wait
     * before sending it again (null: it did not).
     */
    public JsonNode graphql(String what, JsonNode body, UnitBudget budget, int units,
                            Function<String, Duration> spent) {
        HttpTransport.Answer answer = transport.execute(what, transport.jsonRequest("POST", url("/graphql", null),
                body, credentials::apply), budget, units, a -> spent.apply(a.body()));
        if (!answer.ok()) {
            throw CloudflareException.of(what, answer.status(), answer.reason(), errors(answer.body()),
                    answer.requestId(), credentials.verifyCommand(baseText()));
        }
        JsonNode root = JsonTree.lenient(answer.body());
        if (root == null || !root.isObject()) {
            throw new LogpushException(Kind.FAILURE, what + " failed: Cloudflare's GraphQL answer (HTTP "
                    + answer.status() + ") is not a JSON object (malformed or cut short)"
                    + answer.requestIdSuffix(REQUEST_ID), "run again; the other checks are not affected");
        }
        return root;
    }

    /** The base URL as a person writes it, without a trailing '/' (for the curl commands of hints). */
    private String baseText() {
        String b = baseUrl.toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private ApiResponse success(String what, HttpTransport.Answer answer) {
        JsonNode root = JsonTree.lenient(answer.body());
        if (root == null || !root.isObject()) {
            throw new LogpushException(Kind.FAILURE,
                    what + " failed: Cloudflare's answer (HTTP " + answer.status() + ") is not a JSON envelope"
                            + answer.requestIdSuffix(REQUEST_ID),
                    "check " + URL_HINT + ": it must point at the Cloudflare v4 API");
        }
        JsonNode success = root.get("success");
        if (success != null && success.isBoolean() && !success.booleanValue()) {
            throw CloudflareException.of(what, answer.status(), null, errors(answer.body()), answer.requestId(),
                    credentials.verifyCommand(baseText()));
        }
        return new ApiResponse(root.path("result"), root.path("result_info"), answer.requestId());
    }

    /** The envelope's errors, tolerating null, missing, HTML and malformed bodies. */
    static List<ApiError> errors(String bodyText) {
        List<ApiError> out = new ArrayList<>();
        JsonNode root = JsonTree.lenient(bodyText);
        JsonNode errors = root == null ? null : root.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                if (e.isObject()) {
                    out.add(new ApiError(e.path("code").asInt(0), e.path("message").asText("")));
                } else if (e.isTextual()) {
                    out.add(new ApiError(0, e.asText()));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        transport.close();
    }
}
