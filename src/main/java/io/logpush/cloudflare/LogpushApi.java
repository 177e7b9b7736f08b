package io.logpush.cloudflare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.http.ApiRequest;
import io.logpush.model.Job;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;

/** The typed Logpush surface of the Cloudflare v4 API, over {@link CloudflareClient}. */
public final class LogpushApi {
    private final CloudflareClient client;

    public LogpushApi(CloudflareClient client) {
        this.client = client;
    }

    public Credentials credentials() {
        return client.credentials();
    }

    /** The absolute URL of a request, for --dry-run. */
    public String url(ApiRequest request) {
        return client.url(request.path(), null).toString();
    }

    /** Requests sent so far (for progress). */
    public long requests() {
        return client.requests();
    }

    /** {@code GET /zones?name=NAME}: the zone's ID, or NOT_FOUND. */
    public String zoneId(String name) {
        return zone(name).path("id").asText();
    }

    /** {@code GET /zones?name=NAME}: the zone as Cloudflare lists it (id, name, plan, …), or NOT_FOUND. */
    public JsonNode zone(String name) {
        ApiResponse r = client.get("looking up zone " + name, "/zones", Map.of("name", name));
        JsonNode result = r.result();
        if (result.isArray()) {
            for (JsonNode z : result) {
                if (name.equalsIgnoreCase(z.path("name").asText()) && !z.path("id").asText().isEmpty()) {
                    return z;
                }
            }
        }
        throw LogpushException.notFound("zone " + name + " not found, or the token cannot read it (needs Zone Read)",
                "check the spelling, or pass the zone ID (32 hex characters) from the zone's Overview page");
    }

    /** {@code GET /zones/ID}: the zone as Cloudflare gives it (id, name, account, plan, …), or an error. */
    public JsonNode zoneById(String id) {
        return client.get("reading zone " + id, "/zones/" + id, null).result();
    }

    /** {@code GET /zones/ID}: the zone's name (lower case as Cloudflare writes it), or an error. */
    public String zoneName(String id) {
        JsonNode z = zoneById(id);
        String name = z.path("name").asText();
        if (name.isEmpty()) {
            throw LogpushException.failure("zone " + id + ": Cloudflare answered without a name",
                    "check the zone ID");
        }
        return name;
    }

    /** One page of a listing (zones, accounts), and whether it is the last (by result_info, else by a short page). */
    public record Page(List<JsonNode> items, boolean last) {
    }

    /**
     * One page of {@code GET /zones}; {@code last} when {@code result_info} says no page follows (total_pages, or
     * total_count), or, without it, when the page is short.
     */
    public Page zones(int page, int perPage) {
        return page("listing zones (page " + page + ")", "/zones", page, perPage);
    }

    /** One page of {@code GET /accounts}: the accounts the token can see, paged as zones are. */
    public Page accounts(int page, int perPage) {
        return page("listing accounts (page " + page + ")", "/accounts", page, perPage);
    }

    private Page page(String what, String path, int page, int perPage) {
        ApiResponse r = client.get(what, path,
                Map.of("page", Integer.toString(page), "per_page", Integer.toString(perPage)));
        List<JsonNode> out = new ArrayList<>();
        r.result().forEach(out::add);
        JsonNode info = r.resultInfo();
        boolean last = out.size() < perPage;
        if (info.path("total_pages").canConvertToInt() && info.path("total_pages").asInt() > 0) {
            last |= page >= info.path("total_pages").asInt();
        } else if (info.path("total_count").isNumber()) {
            last |= (long) page * perPage >= info.path("total_count").asLong();
        }
        return new Page(out, last);
    }

    public List<Job> listJobs(Scope scope) {
        return jobs(client.get("listing the Logpush jobs of " + scope.describe(), scope.path() + "/logpush/jobs", null));
    }

    public List<Job> listJobs(Scope scope, String dataset) {
        return jobs(client.get("listing the " + dataset + " Logpush jobs of " + scope.describe(),
                scope.path() + "/logpush/datasets/" + dataset + "/jobs", null));
    }

    private static List<Job> jobs(ApiResponse r) {
        List<Job> jobs = new ArrayList<>();
        if (r.result().isArray()) {
            for (JsonNode j : r.result()) {
                if (j.isObject()) {
                    jobs.add(Job.from(j));
                }
            }
        }
        return jobs;
    }

    public Job getJob(Scope scope, long id) {
        try {
            return job(client.get("reading job " + id + " of " + scope.describe(),
                    scope.path() + "/logpush/jobs/" + id, null), "reading job " + id);
        } catch (CloudflareException e) {
            throw missingJob(e, scope, id);
        }
    }

    /** {@code POST {scope}/logpush/jobs}, described. */
    public static ApiRequest createRequest(Scope scope, ObjectNode body) {
        return new ApiRequest("creating the " + body.path("dataset").asText() + " job in " + scope.describe(), "POST",
                scope.path() + "/logpush/jobs", body);
    }

    /** {@code PUT {scope}/logpush/jobs/ID} with the properties that change, described. */
    public static ApiRequest updateRequest(Scope scope, long id, ObjectNode body) {
        return new ApiRequest("updating job " + id + " of " + scope.describe(), "PUT",
                scope.path() + "/logpush/jobs/" + id, body);
    }

    /** {@code DELETE {scope}/logpush/jobs/ID}, described. */
    public static ApiRequest deleteRequest(Scope scope, long id) {
        return new ApiRequest("deleting job " + id + " of " + scope.describe(), "DELETE",
                scope.path() + "/logpush/jobs/" + id, null);
    }

    public Job createJob(Scope scope, ObjectNode body) {
        return job(client.send(createRequest(scope, body)), "creating the job");
    }

    public Job updateJob(Scope scope, long id, ObjectNode body) {
        try {
            return job(client.send(updateRequest(scope, id, body)), "updating job " + id);
        } catch (CloudflareException e) {
            throw missingJob(e, scope, id);
        }
    }

    /** Accepts a result of {@code {"id":N}}, {@code {}} or {@code null}. */
    public void deleteJob(Scope scope, long id) {
        try {
            client.send(deleteRequest(scope, id));
        } catch (CloudflareException e) {
            throw missingJob(e, scope, id);
        }
    }

    /** {@code GET /user/tokens/verify}, or the account form for account-owned tokens: {id, status, expires_on}. */
    public JsonNode verifyToken(String accountId) {
        String path = accountId == null ? "/user/tokens/verify" : "/accounts/" + accountId + "/tokens/verify";
        return client.get("verifying the API token", path, null).result();
    }

    /** A cheap authenticated read, to check a global key (which tokens/verify does not accept). */
    public void probeGlobalKey() {
        client.get("checking the global API key", "/zones", Map.of("per_page", "5"));
    }

    /** {@code POST {scope}/logpush/validate/destination}: Cloudflare test-delivers to it; {valid, message}. */
    public JsonNode validateDestination(Scope scope, String destinationConf) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("destination_conf", destinationConf);
        return client.send(new ApiRequest("validating a destination in " + scope.describe(), "POST",
                scope.path() + "/logpush/validate/destination", body)).result();
    }

    /** The dataset's fields, name to Cloudflare's "type; description" text, sorted by name. */
    public Map<String, String> fields(Scope scope, String dataset) {
        ApiResponse r = client.get("reading the fields of " + dataset + " in " + scope.describe(),
                scope.path() + "/logpush/datasets/" + dataset + "/fields", null);
        Map<String, String> fields = new TreeMap<>();
        if (r.result().isObject()) {
            r.result().properties().forEach(e -> fields.put(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        return fields;
    }

    private static Job job(ApiResponse r, String what) {
        if (!r.result().isObject()) {
            throw LogpushException.failure(what + ": Cloudflare answered success but returned no job"
                    + (r.cfRay() != null ? " [cf-ray " + r.cfRay() + "]" : ""), "check the job with 'logpush list'");
        }
        return Job.from(r.result());
    }

    private static LogpushException missingJob(CloudflareException e, Scope scope, long id) {
        if (e.kind() == LogpushException.Kind.NOT_FOUND || e.hasMessage("job not found")) {
            return LogpushException.notFound("job " + id + " not found in " + scope.describe()
                    + (e.cfRay() != null ? " [cf-ray " + e.cfRay() + "]" : ""),
                    "list the jobs with 'logpush list " + scope.args() + "'");
        }
        return e;
    }
}
