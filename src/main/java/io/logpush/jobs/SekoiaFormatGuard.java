package io.logpush.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.Job;
import io.logpush.sekoia.Catalog;

/**
 * What would break Sekoia's parsers, which read NDJSON records with Cloudflare's field names (SEKOIA-IO/intake-formats, Cloudflare/DATASET/ingest/parser.yml):
 * an output type other than ndjson, a record template, a prefix, suffix or delimiter other than plain NDJSON's,
 * a changed field delimiter. And what loses events on purpose: a sample rate below 1, a log transformer, leaving
 * out attack traffic on firewall_events. One judgement, for check (on a job) and for create and update (on what
 * they would send).
 */
public final class SekoiaFormatGuard {
    /** The security datasets, where dropping events by sampling hides attacks. */
    static final Set<String> SECURITY = Set.of("firewall_events", "http_requests", "dns_logs", "audit_logs",
            "access_requests", "gateway_dns", "gateway_http", "gateway_network", "zero_trust_network_sessions");

    private SekoiaFormatGuard() {
    }

    /** One finding: {@code breaks} refuses (✗), otherwise it warns (!). */
    public record Finding(boolean breaks, String message) {
    }

    /**
     * A refusal that {@code --force} lifts (create, update, apply): what would misdate or undate every event
     * in Sekoia. {@code fix} says what to write instead, for a hint ("use --timestamps unixnano"); {@code refused}
     * names what --force would send ("unix", "the list").
     */
    public record Refusal(String message, String fix, String refused) {
    }

    /**
     * What create, update and apply refuse without --force, for a job of {@code dataset} that would send
     * {@code timestamps} (null: not changed) and {@code fields} (null: not changed): a timestamp format the
     * parser misreads, and a field list without the field the parser dates events by. One judgement for the
     * three commands (and check reports the same through {@link JobHealth}).
     *
     * @param fieldsOption how the user names the field list, for the fix ("--fields", "'fields'")
     */
    public static List<Refusal> refusals(String dataset, String timestamps, List<String> fields,
                                         String timestampsOption, String fieldsOption) {
        List<Refusal> out = new ArrayList<>();
        String misdates = JobHealth.misdates(dataset, timestamps);
        if (misdates != null) {
            out.add(new Refusal(misdates, "use " + timestampsOption + " " + JobSpec.defaultTimestamps(dataset),
                    timestamps));
        }
        Optional<Catalog.Dataset> ds = Catalog.get().dataset(dataset);
        if (fields != null && !fields.isEmpty() && ds.isPresent() && !fields.contains(ds.get().timeField())) {
            out.add(new Refusal("the field list leaves out " + ds.get().timeField() + ", the field Sekoia's "
                    + dataset + " parser dates each event by: every event would be dated when Sekoia received it",
                    "add " + ds.get().timeField() + " to " + fieldsOption, "the list"));
        }
        return out;
    }

    /** The findings for a job as Cloudflare returns it. */
    public static List<Finding> judge(Job job) {
        JsonNode raw = job.raw();
        List<Finding> out = new ArrayList<>(outputOptions(job.dataset(), job.outputOptions()));
        JsonNode transformer = raw.get("transformer_id");
        if (transformer != null && !transformer.isNull() && !transformer.asText().isEmpty()) {
            out.add(new Finding(false, "a Cloudflare log transformer (" + transformer.asText() + ") rewrites the "
                    + "records before they reach Sekoia; its parser expects Cloudflare's own fields"));
        }
        if (raw.path("filter_attack_traffic").asBoolean(false) && "firewall_events".equals(job.dataset())) {
            out.add(new Finding(false, "filter_attack_traffic is on: firewall_events then leaves out attack traffic, "
                    + "which is what Sekoia is there to see"));
        }
        return out;
    }

    /** The findings for an output_options object (null: none) of a dataset. */
    public static List<Finding> outputOptions(String dataset, JsonNode oo) {
        List<Finding> out = new ArrayList<>();
        if (oo == null || !oo.isObject()) {
            return out;
        }
        for (JobSurface.Key key : JobSurface.shaping()) {
            shaping(out, oo, key);
        }
        JsonNode rate = oo.get("sample_rate");
        if (rate != null && rate.isNumber() && rate.asDouble() < 1 && SECURITY.contains(dataset)) {
            out.add(new Finding(false, String.format(Locale.ROOT, "sample_rate %s: only %.0f %% of the %s events "
                    + "reach Sekoia, the others are dropped on purpose", rate.asText(), rate.asDouble() * 100, dataset)));
        }
        return out;
    }

    /** The output_options without the keys that shape records, so that Cloudflare's NDJSON defaults apply. */
    public static ObjectNode plainNdjson(ObjectNode oo) {
        ObjectNode copy = oo.deepCopy();
        JobSurface.shaping().forEach(k -> copy.remove(k.name()));
        return copy;
    }

    /** A finding when a key that shapes records holds another value than plain NDJSON's. */
    private static void shaping(List<Finding> out, JsonNode oo, JobSurface.Key key) {
        String v = text(oo, key.name());
        String ndjson = key.ndjson().asText();
        if (key.type() == JobSurface.Type.OUTPUT_TYPE) {
            if (v != null && !v.isEmpty() && !v.toLowerCase(Locale.ROOT).equals(ndjson)) {
                out.add(new Finding(true, key.name() + " " + v + ": Sekoia's parsers read NDJSON"));
            }
        } else if (key.name().equals("record_template")) {
            if (v != null && !v.isEmpty()) {
                out.add(new Finding(true, "a record_template rewrites each record; Sekoia's parsers read "
                        + "Cloudflare's NDJSON records"));
            }
        } else if (v != null && !v.equals(ndjson)) {
            out.add(new Finding(true, key.name() + " " + quote(v) + " is not plain NDJSON's (" + quote(ndjson)
                    + "): Sekoia's parsers would not read the records"));
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }

    private static String text(JsonNode o, String key) {
        JsonNode n = o.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }
}
