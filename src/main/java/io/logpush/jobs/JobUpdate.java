package io.logpush.jobs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.model.Filter;
import io.logpush.model.Job;
import io.logpush.model.JobOptions;
import io.logpush.model.LogpullOptions;
import io.logpush.model.Redactor;
import io.logpush.sekoia.Destination;

/**
 * Works out the PUT that takes a job to a desired state: only the properties that change, never
 * {@code dataset} or {@code kind}. A job on {@code output_options} gets that object sent whole
 * (Cloudflare replaces it wholesale); a job on {@code logpull_options} gets the string rewritten,
 * keeping the parameters that are not touched. Field lists compare as sets: order does not change
 * what Sekoia receives in ndjson.
 */
public final class JobUpdate {
    /** One changed property, described for people (secrets masked). */
    public record Change(String property, String description) {
    }

    /** The PUT body and what it changes; empty when the job is already as desired. */
    public record Plan(ObjectNode body, List<Change> changes) {
        public boolean isEmpty() {
            return changes.isEmpty();
        }
    }

    private JobUpdate() {
    }

    public static Plan plan(Job job, JobSpec want) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        List<Change> changes = new ArrayList<>();

        if (want.name() != null && !want.name().equals(job.name())) {
            body.put("name", want.name());
            changes.add(new Change("name", "name " + job.displayName() + " → " + want.name()));
        }
        if (want.enabled() != null && want.enabled() != job.enabled()) {
            body.put("enabled", want.enabled());
            changes.add(new Change("enabled", want.enabled() ? "enabled" : "disabled"));
        }
        planOptions(job, want, body, changes);
        if (want.destination() != null && !want.destination().equals(job.destinationConf())) {
            body.put("destination_conf", want.destination());
            changes.add(new Change("destination_conf", describeDestination(job.destinationConf(), want.destination())));
        }
        if (want.filter() != null && !Filter.same(want.filter(), job.filter())) {
            body.put("filter", want.filter());
            changes.add(new Change("filter", want.filter().isEmpty() ? "filter cleared"
                    : job.filter() == null || job.filter().isEmpty() ? "filter set" : "filter changed"));
        }
        if (want.filterAttackTraffic() != null
                && want.filterAttackTraffic() != job.raw().path("filter_attack_traffic").asBoolean(false)) {
            body.put("filter_attack_traffic", want.filterAttackTraffic());
            changes.add(new Change("filter_attack_traffic", "filter_attack_traffic " + want.filterAttackTraffic()));
        }
        limit(body, changes, "max_upload_bytes", job.maxUploadBytes(), want.maxUploadBytes());
        limit(body, changes, "max_upload_records", job.maxUploadRecords(), want.maxUploadRecords());
        limit(body, changes, "max_upload_interval_seconds", job.maxUploadIntervalSeconds(),
                want.maxUploadIntervalSeconds());
        return new Plan(body, List.copyOf(changes));
    }

    /**
     * Fields and timestamps, and the move from logpull_options to output_options when {@code want.outputOptions()}:
     * every parameter of the string is carried into the object (or the move is refused), and
     * {@code logpull_options} is sent as null.
     */
    private static void planOptions(Job job, JobSpec want, ObjectNode body, List<Change> changes) {
        List<String> haveFields = JobOptions.fields(job);
        String haveTimestamps = JobOptions.effectiveTimestamps(job);
        boolean convert = (want.outputOptions() || want.outputExtras() != null) && !job.usesOutputOptions();
        boolean fieldsChange = want.fields() != null && !Set.copyOf(want.fields()).equals(Set.copyOf(haveFields));
        boolean timestampsChange = want.timestamps() != null && !want.timestamps().equals(haveTimestamps);
        List<String> extrasChanged = new ArrayList<>();
        if (want.outputExtras() != null) {
            want.outputExtras().properties().forEach(e -> {
                JsonNode have = job.usesOutputOptions() ? job.outputOptions().get(e.getKey()) : null;
                if (have == null || !have.equals(e.getValue())) {
                    extrasChanged.add(e.getKey());
                }
            });
        }
        if (!fieldsChange && !timestampsChange && !convert && extrasChanged.isEmpty()) {
            return;
        }
        if (convert) {
            changes.add(new Change("output_options", "logpull_options → output_options"));
        }
        if (fieldsChange) {
            changes.add(new Change("fields", describeFields(haveFields, want.fields())));
        }
        if (timestampsChange) {
            changes.add(new Change("timestamps", "timestamps " + haveTimestamps + " → " + want.timestamps()));
        }
        for (String key : extrasChanged) {
            changes.add(new Change("output_options", key + " → " + want.outputExtras().get(key)));
        }
        if (job.usesOutputOptions() || convert) {
            ObjectNode oo = convert ? LogpullOptions.parse(job.logpullOptions()).toOutputOptions(haveTimestamps)
                    : job.outputOptions().deepCopy();
            if (fieldsChange) {
                oo.remove("field_names");
                want.fields().forEach(oo.putArray("field_names")::add);
            }
            if (timestampsChange) {
                oo.put("timestamp_format", want.timestamps());
            }
            if (want.outputExtras() != null) {
                oo.setAll(want.outputExtras());
            }
            body.set("output_options", oo);
            if (convert) {
                body.putNull("logpull_options");
            }
        } else {
            LogpullOptions lo = LogpullOptions.parse(job.logpullOptions());
            if (fieldsChange) {
                lo = lo.withFields(want.fields());
            }
            if (timestampsChange) {
                lo = lo.withTimestamps(want.timestamps());
            }
            body.put("logpull_options", lo.toString());
        }
    }

    private static void limit(ObjectNode body, List<Change> changes, String property, Long have, Long want) {
        long h = have == null ? 0 : have;
        if (want != null && want != h) {
            body.put(property, want);
            changes.add(new Change(property, property + " " + (have == null ? "unset" : have) + " → " + want));
        }
    }

    static String describeFields(List<String> have, List<String> want) {
        Set<String> added = new LinkedHashSet<>(want);
        have.forEach(added::remove);
        Set<String> removed = new LinkedHashSet<>(have);
        want.forEach(removed::remove);
        StringBuilder sb = new StringBuilder("fields");
        if (!added.isEmpty()) {
            sb.append(" +").append(added.size()).append(" (").append(abbreviate(added)).append(')');
        }
        if (!removed.isEmpty()) {
            sb.append(" -").append(removed.size()).append(" (").append(abbreviate(removed)).append(')');
        }
        return sb.toString();
    }

    private static String abbreviate(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        return list.size() <= 5 ? String.join(", ", list)
                : String.join(", ", list.subList(0, 5)) + ", … " + (list.size() - 5) + " more";
    }

    static String describeDestination(String have, String want) {
        String haveKey = Destination.intakeKey(have).orElse(null);
        String wantKey = Destination.intakeKey(want).orElse(null);
        boolean sameBase = have != null && Destination.base(have).equals(Destination.base(want));
        List<String> parts = new ArrayList<>();
        if (!sameBase) {
            parts.add("destination " + (have == null ? "unset" : Destination.host(have)) + " → "
                    + Destination.host(want));
        }
        if (!Objects.equals(haveKey, wantKey)) {
            parts.add("intake key rotated (" + (haveKey == null ? "none" : Redactor.mask(haveKey))
                    + " → " + Redactor.mask(wantKey) + ")");
        }
        if (parts.isEmpty()) {
            parts.add("destination changed");
        }
        return String.join(", ", parts);
    }
}
