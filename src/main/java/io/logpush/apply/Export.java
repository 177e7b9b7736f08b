package io.logpush.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.logpush.cloudflare.LogpushApi;
import io.logpush.jobs.FieldSelection;
import io.logpush.jobs.JobSurface;
import io.logpush.jobs.SekoiaFormatGuard;
import io.logpush.model.Filter;
import io.logpush.model.Job;
import io.logpush.model.JobOptions;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Validate;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Destination;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;

/**
 * Writes the existing Logpush jobs of some zones and accounts down as an apply file, so that {@code apply --plan}
 * right after finds nothing to change. No secret goes into the file: each intake key becomes a {@code ${VARIABLE}}
 * (one per key), or, with Sekoia's API, {@code intake: {name: …}}. A job the file cannot describe without losing
 * something (another destination, a setting apply does not know, a second job of a dataset in one scope) is left
 * out and said why, rather than written lossily.
 */
public final class Export {
    /** A variable the file refers to: the key it must hold, and the jobs that send to that key. */
    public record Variable(String name, String key, List<String> jobs) {
        /** Its jobs, the first three and how many more (500 zones may share one intake). */
        public String jobsText() {
            return jobs.size() <= 3 ? String.join(", ", jobs)
                    : String.join(", ", jobs.subList(0, 3)) + " and " + (jobs.size() - 3) + " more";
        }

        /** "${NAME}". */
        public String reference() {
            return "${" + name + "}";
        }
    }

    /** A job left out, and why. */
    public record Skipped(Scope scope, long jobId, String dataset, String why) {
        public String describe() {
            return "job " + jobId + " (" + scope.describe() + (dataset != null ? ", " + dataset : "") + "): "
                    + "not exported: " + why;
        }
    }

    /** A zone or account whose jobs could not be read. */
    public record Failed(Scope scope, String error) {
    }

    /** The file (as a tree), its variables, what was left out, and what failed. */
    public record Result(ObjectNode file, List<Variable> variables, List<Skipped> skipped, List<Failed> failed,
                         int exported) {
        /** The same result, with the zones of a file that did not resolve counted as failed. */
        public Result with(List<ScopeResolver.Unresolved> unresolved) {
            List<Failed> all = new ArrayList<>(failed);
            unresolved.forEach(u -> all.add(new Failed(u.scope(), u.message())));
            return new Result(file, variables, skipped, List.copyOf(all), exported);
        }
    }

    /**
     * output_options keys apply knows: it writes field_names and timestamp_format, and carries those the job surface
     * marks {@link JobSurface.Key#carried()} (CVE-2021-44228) as the job has them.
     */
    private static final Set<String> OUTPUT_OPTIONS_KNOWN = known(false);
    /** logpull_options parameters apply knows (the same keys). */
    private static final Set<String> LOGPULL_KNOWN = known(true);

    private final LogpushApi api;
    private final SekoiaApi sekoia;
    private final boolean allJobs;

    private final Map<String, Variable> variablesByKey = new LinkedHashMap<>();
    private final Set<String> variableNames = new HashSet<>();
    private final Map<KeyOfDataset, Optional<Intake>> intakesByKey = new HashMap<>();

    /** An intake key as a dataset's job uses it. */
    private record KeyOfDataset(String key, String dataset) {
    }

    /**
     * @param sekoia  Sekoia's API, to name each job's intake instead of its key (null: keys as variables)
     * @param allJobs also report the jobs that do not send to Sekoia (as left out); otherwise they are passed over
     */
    public Export(LogpushApi api, SekoiaApi sekoia, boolean allJobs) {
        this.api = api;
        this.sekoia = sekoia;
        this.allJobs = allJobs;
    }

    /**
     * Reads each scope's jobs and writes down those an apply file can describe: jobs identical but for their zone
     * (same dataset, intake, fields, timestamps, filter, options, name…) share one entry, {@code zones: [a, b, …]}.
     * A zone given by ID is named after its zone name in variables and on stderr (from the listing, else one
     * lookup each; its ID stays in {@code zones:}).
     */
    public Result run(List<Scope> scopes) {
        Map<String, String> names = null;
        ObjectNode file = JsonNodeFactory.instance.objectNode();
        ArrayNode jobs = file.putArray("jobs");
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        int exported = 0;
        List<Skipped> skipped = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        for (Scope given : scopes) {
            List<Job> list;
            try {
                list = api.listJobs(given);
            } catch (LogpushException e) {
                failed.add(new Failed(given, e.getMessage()));
                continue;
            }
            boolean told = allJobs ? !list.isEmpty() : list.stream().anyMatch(j -> Destination.isSekoia(j.destinationConf()));
            if (told && names == null && isId(given)) {
                names = zoneNames(scopes); // only when a zone given by ID has a job to name
            }
            Scope scope = names != null && names.containsKey(given.id())
                    ? new Scope(given.kind(), given.id(), names.get(given.id())) : given;
            Map<String, Long> datasets = new HashMap<>();
            for (Job job : list) {
                if (!Destination.isSekoia(job.destinationConf())) {
                    if (allJobs) {
                        skipped.add(new Skipped(scope, job.id(), job.dataset(), "its destination ("
                                + Destination.host(job.destinationConf()) + ") is not a Sekoia intake, and an apply "
                                + "file describes the jobs that feed Sekoia"));
                    }
                    continue;
                }
                try {
                    Long first = job.dataset() == null ? null : datasets.get(job.dataset());
                    if (first != null) {
                        throw new Unexpressible("job " + first + " already sends " + job.dataset() + " in "
                                + scope.describe() + ", and an apply file declares one job per (zone or account, "
                                + "dataset)");
                    }
                    ObjectNode entry = entry(scope, given.label(), job);
                    datasets.put(job.dataset(), job.id());
                    exported++;
                    group(groups, jobs, entry);
                } catch (Unexpressible e) {
                    skipped.add(new Skipped(scope, job.id(), job.dataset(), e.getMessage()));
                }
            }
        }
        return new Result(file, List.copyOf(variablesByKey.values()), skipped, failed, exported);
    }

    /**
     * Adds a zone's entry to the entry identical to it but for {@code zones} (the same intake key, hence variable, or
     * intake name: one destination), else as a new entry. Account entries stay one each.
     */
    private static void group(Map<String, ObjectNode> groups, ArrayNode jobs, ObjectNode entry) {
        if (!entry.has("zones")) {
            jobs.add(entry);
            return;
        }
        ObjectNode rest = entry.deepCopy();
        rest.remove("zones");
        ObjectNode same = groups.get(rest.toString());
        if (same != null) {
            ((ArrayNode) same.get("zones")).addAll((ArrayNode) entry.get("zones"));
            return;
        }
        groups.put(rest.toString(), entry);
        jobs.add(entry);
    }

    private static boolean isId(Scope s) {
        return s.kind() == Scope.Kind.ZONE && s.label().equals(s.id());
    }

    /**
     * The names of the zones given by ID (by ID): one {@code GET /zones/ID} each for up to three, else the listing
     * of every zone. A zone that cannot be named keeps its ID (the jobs are still read and written).
     */
    private Map<String, String> zoneNames(List<Scope> scopes) {
        List<Scope> byId = scopes.stream().filter(Export::isId).toList();
        Map<String, String> names = new HashMap<>();
        try {
            if (byId.size() > 3) {
                new ScopeResolver(api).allZones().forEach(z -> names.put(z.id(), z.label()));
            } else {
                for (Scope s : byId) {
                    names.put(s.id(), api.zoneName(s.id()).toLowerCase(Locale.ROOT));
                }
            }
        } catch (LogpushException e) {
            // names are for variables and messages only: without them, the IDs serve
        }
        names.keySet().retainAll(byId.stream().map(Scope::id).toList());
        return names;
    }

    /** A setting the apply file cannot carry. */
    private static final class Unexpressible extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unexpressible(String why) {
            super(why, null, false, false);
        }
    }

    /** The apply file's entry for one Sekoia job (in zone {@code zone} as given), or Unexpressible. */
    private ObjectNode entry(Scope scope, String zone, Job job) {
        String dataset = job.dataset();
        Catalog.Dataset ds = expressibleDataset(scope, job);
        String destination = job.destinationConf();
        String key = expressibleKey(destination);
        String base = Destination.base(destination);
        Optional<Catalog.Region> region = region(base);
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        if (scope.kind() == Scope.Kind.ZONE) {
            e.putArray("zones").add(zone);
        } else {
            e.put("account", scope.id());
        }
        e.put("dataset", dataset);
        if (job.name() != null && !job.name().isEmpty()) {
            expressible(() -> Validate.jobName(job.name()));
            e.put("name", job.name());
        }
        e.put("enabled", job.enabled());
        options(job, e, scope.kind());
        region.ifPresentOrElse(r -> e.put("region", r.name()), () -> e.put("intake_url", base));
        String filter = job.filter();
        if (filter != null && !filter.isBlank()) {
            try {
                e.set("filter", MAPPER.readTree(Filter.normalise(filter, "its filter")));
            } catch (LogpushException | JsonProcessingException bad) {
                throw new Unexpressible(bad.getMessage());
            }
        }
        limit(e, Validate.UploadLimit.BYTES, job.maxUploadBytes());
        limit(e, Validate.UploadLimit.RECORDS, job.maxUploadRecords());
        limit(e, Validate.UploadLimit.INTERVAL_SECONDS, job.maxUploadIntervalSeconds());
        return withIntake(e, intakeOf(key, scope, ds, scope.describe() + " " + dataset + " job " + job.id()));
    }

    /** Runs a check of the model; its failure means the job cannot be written as an apply file entry. */
    private static void expressible(Runnable check) {
        try {
            check.run();
        } catch (LogpushException bad) {
            throw new Unexpressible(bad.getMessage());
        }
    }

    /** The job's dataset, when apply manages it in this scope and kind. */
    private static Catalog.Dataset expressibleDataset(Scope scope, Job job) {
        String dataset = job.dataset();
        Catalog.Dataset ds = dataset == null ? null : Catalog.get().dataset(dataset).orElse(null);
        if (ds == null) {
            throw new Unexpressible("dataset " + dataset + " is not one Sekoia reads (apply manages "
                    + String.join(", ", Catalog.get().datasets().stream().map(Catalog.Dataset::name).toList()) + ")");
        }
        if (!ds.allows(scope.kind())) {
            throw new Unexpressible("dataset " + dataset + " is not " + scope.kind().word() + "-scoped");
        }
        JsonNode kind = job.raw().get("kind");
        if (kind != null && !kind.isNull() && !kind.asText().isEmpty()
                && JobSurface.kindProblem(kind.asText(), dataset).isPresent()) {
            throw new Unexpressible("it is a '" + kind.asText() + "' job (apply makes edge jobs of http_requests only)");
        }
        return ds;
    }

    /** The intake key of a destination that is an intake address and key only, as apply would write it. */
    private static String expressibleKey(String destination) {
        String key = Destination.intakeKey(destination).orElse("");
        if (key.isEmpty()) {
            throw new Unexpressible("its destination (" + Destination.mask(destination) + ") carries no intake key");
        }
        try {
            Validate.intakeKey(key);
        } catch (LogpushException e) {
            throw new Unexpressible("its intake key is not one apply accepts: " + e.getMessage());
        }
        String base = Destination.base(destination);
        if (!destination.equals(Destination.build(base, key))) {
            String prefix = base + Destination.BATCH_PATH + "?" + Destination.KEY_PARAM + "=";
            if (destination.startsWith(prefix) && destination.indexOf('&', prefix.length()) < 0
                    && destination.indexOf('#', prefix.length()) < 0) {
                throw new Unexpressible("its intake key is written in its destination otherwise than URL-encoded, "
                        + "as apply would write it");
            }
            throw new Unexpressible("its destination (" + Destination.mask(destination) + ") has more than an "
                    + "intake address and key, which apply would not keep on a new job");
        }
        return key;
    }

    /** The Sekoia region of an intake base, or empty for another base apply accepts as intake_url. */
    private static Optional<Catalog.Region> region(String base) {
        Optional<Catalog.Region> region = Catalog.get().regionOf(base)
                .filter(r -> r.bases().stream().anyMatch(b -> Destination.stripSlash(b).equals(base)));
        if (region.isEmpty()) {
            expressible(() -> Validate.intakeUrl(base, "'intake_url'"));
        }
        return region;
    }

    /** What names the intake: intake: {name, entity} when Sekoia knows it, else a variable for the key. */
    private ObjectNode intakeOf(String key, Scope scope, Catalog.Dataset ds, String describe) {
        Intake intake = intake(key, ds);
        ObjectNode keyed = JsonNodeFactory.instance.objectNode();
        if (intake != null) {
            ObjectNode i = keyed.putObject("intake");
            i.put("name", intake.name());
            if (intake.entityName() != null && !intake.entityName().isEmpty()) {
                i.put("entity", intake.entityName());
            }
        } else {
            keyed.put("intake_key", variable(key, scope, ds.name(), describe).reference());
        }
        return keyed;
    }

    /** The entry with the intake first after the dataset, name and enabled, as the docs write it. */
    private static ObjectNode withIntake(ObjectNode e, ObjectNode keyed) {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        e.properties().forEach(f -> {
            ordered.set(f.getKey(), f.getValue());
            if (f.getKey().equals("enabled")) {
                ordered.setAll(keyed);
            }
        });
        return ordered;
    }

    /** Fields, timestamps and output_options, or Unexpressible when the options hold more than apply keeps. */
    private static void options(Job job, ObjectNode e, Scope.Kind scopeKind) {
        boolean oo = job.usesOutputOptions();
        ObjectNode extras = extras(job, scopeKind);
        fields(job, e);
        String timestamps = JobOptions.effectiveTimestamps(job);
        expressible(() -> {
            Validate.timestamps(timestamps);
            Validate.timestampsFit(timestamps, oo, "output_options");
        });
        e.put("timestamps", timestamps);
        if (extras != null) {
            e.set("output_options", extras);
        } else if (oo) {
            e.put("output_options", true);
        }
        if (job.raw().has("filter_attack_traffic") && !job.raw().get("filter_attack_traffic").isNull()
                && JobSurface.attackFilterProblem(job.dataset()).isEmpty()) {
            e.put("filter_attack_traffic", job.raw().get("filter_attack_traffic").asBoolean());
        }
        JsonNode kind = job.raw().get("kind");
        if (kind != null && JobSurface.EDGE_KIND.equals(kind.asText())) {
            e.put("kind", JobSurface.EDGE_KIND);
        }
    }

    /**
     * The output_options keys besides fields and timestamps that differ from plain NDJSON, checked and guarded as
     * an apply file's; null when there are none. A logpull_options job with parameters apply does not set is
     * Unexpressible.
     */
    private static ObjectNode extras(Job job, Scope.Kind scopeKind) {
        ObjectNode extras = null;
        if (job.usesOutputOptions()) {
            Map<String, String> extra = new LinkedHashMap<>();
            job.outputOptions().properties().forEach(f -> {
                if (!OUTPUT_OPTIONS_KNOWN.contains(f.getKey()) && !f.getValue().isNull()
                        && !ndjsonDefault(f.getKey(), f.getValue())) {
                    extra.put(f.getKey(), f.getValue().asText());
                }
            });
            if (!extra.isEmpty()) {
                // written as an output_options mapping, which apply checks and guards as create does
                try {
                    extras = JobSurface.outputOptions(extra, job.dataset(), scopeKind, "output_options");
                } catch (LogpushException bad) {
                    throw new Unexpressible(bad.getMessage());
                }
                for (SekoiaFormatGuard.Finding f : SekoiaFormatGuard.outputOptions(job.dataset(), extras)) {
                    if (f.breaks()) {
                        throw new Unexpressible(f.message() + " (an apply file refuses it)");
                    }
                }
            }
        } else {
            List<String> extra = new ArrayList<>();
            for (String p : paramNames(job.logpullOptions())) {
                if (!LOGPULL_KNOWN.contains(p)) {
                    extra.add(p);
                }
            }
            if (!extra.isEmpty()) {
                throw new Unexpressible("its logpull_options set " + String.join(", ", extra) + ", which apply does "
                        + "not set (it writes fields and timestamps)");
            }
        }
        return extras;
    }

    /** The job's fields: "sekoia" when they are Sekoia's list (in any order), else the list. */
    private static void fields(Job job, ObjectNode e) {
        List<String> fields = JobOptions.fields(job);
        if (!fields.isEmpty()) {
            try {
                FieldSelection.parse(String.join(",", fields), "its fields");
            } catch (LogpushException bad) {
                throw new Unexpressible(bad.getMessage());
            }
            List<String> preset = Catalog.get().dataset(job.dataset()).map(Catalog.Dataset::fields).orElse(List.of());
            if (fields.size() == preset.size() && Set.copyOf(fields).equals(Set.copyOf(preset))) {
                e.put("fields", "sekoia");
            } else {
                ArrayNode f = e.putArray("fields");
                fields.forEach(f::add);
            }
        }
    }

    private static List<String> paramNames(String logpullOptions) {
        List<String> names = new ArrayList<>();
        if (logpullOptions == null) {
            return names;
        }
        String t = logpullOptions.startsWith("?") ? logpullOptions.substring(1) : logpullOptions;
        for (String part : t.split("&")) {
            if (!part.isEmpty()) {
                int eq = part.indexOf('=');
                names.add(eq < 0 ? part : part.substring(0, eq));
            }
        }
        return names;
    }

    private static boolean sameValue(JsonNode want, JsonNode have) {
        if (want == null) {
            return false;
        }
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }

    private static void limit(ObjectNode e, Validate.UploadLimit limit, Long value) {
        if (value == null) {
            return;
        }
        try {
            e.put(limit.property, limit.check(limit.property, value));
        } catch (LogpushException bad) {
            throw new Unexpressible(bad.getMessage());
        }
    }

    /**
     * The Sekoia intake of this key, when Sekoia's API is at hand and apply would find that very intake by its
     * name (the first intake of that name and the dataset's format has this key); else null.
     */
    private Intake intake(String key, Catalog.Dataset ds) {
        if (sekoia == null) {
            return null;
        }
        return intakesByKey.computeIfAbsent(new KeyOfDataset(key, ds.name()), k -> {
            Intake byKey = sekoia.intakesByKey(key).stream()
                    .filter(i -> key.equals(i.intakeKey()) || i.intakeKey() == null)
                    .filter(i -> i.name() != null && !i.name().isBlank())
                    .filter(i -> ds.formatUuid().equalsIgnoreCase(String.valueOf(i.formatUuid())))
                    .findFirst().orElse(null);
            if (byKey == null) {
                return Optional.empty();
            }
            Map<String, String> match = new LinkedHashMap<>();
            match.put("name", byKey.name());
            match.put("format_uuid", ds.formatUuid());
            Intake first = sekoia.intakes(match).stream()
                    .filter(i -> byKey.name().equals(i.name())
                            && ds.formatUuid().equalsIgnoreCase(String.valueOf(i.formatUuid())))
                    .findFirst().orElse(null);
            return first != null && key.equals(first.intakeKey()) ? Optional.of(byKey) : Optional.empty();
        }).orElse(null);
    }

    /** The variable of this key: the one already made for it, else a new one named after the first job. */
    private Variable variable(String key, Scope scope, String dataset, String job) {
        Variable v = variablesByKey.get(key);
        if (v == null) {
            String base = "SEKOIA_KEY_" + upper(scope.kind() == Scope.Kind.ZONE ? scope.label() : scope.id()) + "_"
                    + upper(dataset);
            String name = base;
            for (int n = 2; variableNames.contains(name); n++) {
                name = base + "_" + n;
            }
            variableNames.add(name);
            v = new Variable(name, key, new ArrayList<>());
            variablesByKey.put(key, v);
        }
        v.jobs().add(job);
        return v;
    }

    /** Upper case, every run of other characters than letters and digits as one '_'. */
    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    // ---------------------------------------------------------------------------------------------
    // writing

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Set<String> known(boolean logpull) {
        Set<String> out = new HashSet<>(logpull ? JobSurface.OWN_KEYS.values() : JobSurface.OWN_KEYS.keySet());
        JobSurface.OUTPUT_OPTIONS.stream().filter(JobSurface.Key::carried).forEach(k -> out.add(k.name()));
        return Set.copyOf(out);
    }

    /** Other output_options keys are harmless when they hold Cloudflare's NDJSON default. */
    private static boolean ndjsonDefault(String key, JsonNode value) {
        return JobSurface.key(key).map(JobSurface.Key::ndjson).filter(d -> sameValue(d, value)).isPresent();
    }
}
