package io.logpush.apply;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import io.logpush.jobs.FieldSelection;
import io.logpush.jobs.JobSurface;
import io.logpush.jobs.SekoiaFormatGuard;
import io.logpush.model.Filter;
import io.logpush.model.LogpushException;
import io.logpush.model.Scope;
import io.logpush.model.Validate;
import io.logpush.sekoia.Catalog;

/**
 * An apply file: {@code defaults} and {@code jobs}, in YAML or JSON, read and validated whole before
 * any request. Every problem is reported with its line and column; {@code ${VAR}} comes from the
 * environment; a literal intake key is refused unless allowed.
 */
public final class ApplyFile {
    /**
     * The job properties a file can set, in {@code defaults} or per job: where the job sends ({@link IntakeRef}) and
     * the job draft ({@link Draft}); null means "not set by the file". Built with {@link #builder()}.
     */
    public record Settings(IntakeRef intake, Draft job, Duration maxSilence) {
        /** The intake a job sends to: a key (and the variable it came from), or an intake name; and its region. */
        public record IntakeRef(String key, String keySource, String name, String entity, String region, String url) {
        }

        /** The job's own properties, as the file sets them. */
        public record Draft(Boolean enabled, FieldSelection fields, String timestamps, String name,
                            String filter, Boolean outputOptions, ObjectNode outputExtras, Long maxUploadBytes,
                            Long maxUploadRecords, Long maxUploadIntervalSeconds, Boolean filterAttackTraffic,
                            String kind) {
        }

        public static Builder builder() {
            return new Builder();
        }

        /** The same settings sending to {@code key} (of the Sekoia intake {@code intakeName}, found or made). */
        Settings withIntakeKey(String key, String source) {
            return new Settings(new IntakeRef(key, source, intake.name(), intake.entity(), intake.region(),
                    intake.url()), job, maxSilence);
        }

        // The readers of the settings (Apply, IntakeRefs, the commands) ask for each property by its name.
        public String intakeKey() {
            return intake.key();
        }

        public String intakeKeySource() {
            return intake.keySource();
        }

        public String intakeName() {
            return intake.name();
        }

        public String intakeEntity() {
            return intake.entity();
        }

        public String region() {
            return intake.region();
        }

        public String intakeUrl() {
            return intake.url();
        }

        public Boolean enabled() {
            return job.enabled();
        }

        public FieldSelection fields() {
            return job.fields();
        }

        public String timestamps() {
            return job.timestamps();
        }

        public String name() {
            return job.name();
        }

        public String filter() {
            return job.filter();
        }

        public Boolean outputOptions() {
            return job.outputOptions();
        }

        public ObjectNode outputExtras() {
            return job.outputExtras();
        }

        public Long maxUploadBytes() {
            return job.maxUploadBytes();
        }

        public Long maxUploadRecords() {
            return job.maxUploadRecords();
        }

        public Long maxUploadIntervalSeconds() {
            return job.maxUploadIntervalSeconds();
        }

        public Boolean filterAttackTraffic() {
            return job.filterAttackTraffic();
        }

        public String kind() {
            return job.kind();
        }

        /** Settings property by property; what is not set stays null. */
        public static final class Builder {
            private String key;
            private String keySource;
            private String intakeName;
            private String intakeEntity;
            private String region;
            private String intakeUrl;
            private Boolean enabled;
            private FieldSelection fields;
            private String timestamps;
            private String name;
            private String filter;
            private Boolean outputOptions;
            private ObjectNode outputExtras;
            private Long maxUploadBytes;
            private Long maxUploadRecords;
            private Long maxUploadIntervalSeconds;
            private Boolean filterAttackTraffic;
            private String kind;
            private Duration maxSilence;

            private Builder() {
            }

            public Builder intakeKey(String value, String source) {
                key = value;
                keySource = source;
                return this;
            }

            public Builder intakeName(String value, String entity) {
                intakeName = value;
                intakeEntity = entity;
                return this;
            }

            public Builder region(String value) {
                region = value;
                return this;
            }

            public Builder intakeUrl(String value) {
                intakeUrl = value;
                return this;
            }

            public Builder enabled(Boolean value) {
                enabled = value;
                return this;
            }

            public Builder fields(FieldSelection value) {
                fields = value;
                return this;
            }

            public Builder timestamps(String value) {
                timestamps = value;
                return this;
            }

            public Builder name(String value) {
                name = value;
                return this;
            }

            public Builder filter(String value) {
                filter = value;
                return this;
            }

            /** {@code output_options: true/false}, or a mapping of {@code extras} (then true). */
            public Builder outputOptions(Boolean value, ObjectNode extras) {
                outputOptions = value;
                outputExtras = extras;
                return this;
            }

            public Builder maxUploadBytes(Long value) {
                maxUploadBytes = value;
                return this;
            }

            public Builder maxUploadRecords(Long value) {
                maxUploadRecords = value;
                return this;
            }

            public Builder maxUploadIntervalSeconds(Long value) {
                maxUploadIntervalSeconds = value;
                return this;
            }

            public Builder filterAttackTraffic(Boolean value) {
                filterAttackTraffic = value;
                return this;
            }

            public Builder kind(String value) {
                kind = value;
                return this;
            }

            /** {@code max_silence}: check's silence window for the job (not a property of the job). */
            public Builder maxSilence(Duration value) {
                maxSilence = value;
                return this;
            }

            public Settings build() {
                return new Settings(new IntakeRef(key, keySource, intakeName, intakeEntity, region, intakeUrl),
                        new Draft(enabled, fields, timestamps, name, filter, outputOptions, outputExtras,
                                maxUploadBytes, maxUploadRecords, maxUploadIntervalSeconds, filterAttackTraffic,
                                kind), maxSilence);
            }
        }
    }

    /**
     * One entry of {@code jobs}: a dataset for some zones (names, IDs or all) or for an account; {@code guards}
     * are what create would refuse without --force if this entry's value were sent.
     */
    public record Declared(int index, String where, Scope.Kind kind, boolean allZones, List<String> zones,
                           String account, String dataset, Settings settings, List<Guard> guards) {
        /** The same entry sending with other settings (an intake key found for its intake name). */
        Declared with(Settings replaced) {
            return new Declared(index, where, kind, allZones, zones, account, dataset, replaced, guards);
        }

        Declared with(Guard more) {
            List<Guard> all = new ArrayList<>(guards);
            all.add(more);
            return new Declared(index, where, kind, allZones, zones, account, dataset, settings, List.copyOf(all));
        }
    }

    /**
     * A value create and update would refuse without --force (a timestamp format that misdates the dataset, a field
     * list without its time field): apply refuses a write that would send it, and only then, so that adopting an
     * existing job as it is (export, then apply) changes nothing.
     *
     * @param property the job property it is about, as {@link io.logpush.jobs.JobUpdate.Change#property()} names it
     * @param message  "FILE:LINE:COLUMN: why; the fix"
     */
    public record Guard(String property, String message) {
    }

    /** A file with problems; each is "FILE:LINE:COLUMN: message". One problem is one line; at most 20 are listed. */
    public static final class Invalid extends LogpushException {
        private static final long serialVersionUID = 1L;
        static final int MAX_LISTED = 20;

        Invalid(String file, List<String> problems) {
            this(file, problems, "fix " + (problems.size() == 1 ? "it" : "them") + " and run it again; no request "
                    + "was sent");
        }

        Invalid(String file, List<String> problems, String hint) {
            super(Kind.USAGE, message(file, problems), hint);
        }

        private static String message(String file, List<String> problems) {
            if (problems.size() == 1) {
                return problems.get(0);
            }
            List<String> listed = problems.size() > MAX_LISTED ? new ArrayList<>(problems.subList(0, MAX_LISTED))
                    : problems;
            if (listed != problems) {
                listed.add("… and " + (problems.size() - MAX_LISTED) + " more");
            }
            return file + " has " + problems.size() + " problems:\n  " + String.join("\n  ", listed);
        }
    }

    static final Set<String> TOP = Set.of("defaults", "jobs");

    /** Where a key may be written: in each job only, or in {@code defaults} too. */
    enum Where { JOB, JOB_OR_DEFAULTS }

    /** How a key's value is read into the settings; {@code e} is the value the job (or defaults) gives. */
    @FunctionalInterface
    interface KeyReader {
        void read(Reader reader, JobContext job, Map.Entry<String, JsonNode> e);
    }

    /**
     * One key of an apply file: where it may be written, its JSON Schema (docs/apply.schema.json is generated from
     * this table by {@link ApplySchema}) and its reader (null: read with another key, by {@code Reader.intake} or
     * {@code Reader.job}).
     */
    record Key(String name, Where where, String schema, KeyReader reader) {
    }

    /** ${VARIABLE} as a regular expression, escaped for a JSON string. */
    private static final String VARIABLE = "\\\\$\\\\{[A-Za-z_][A-Za-z0-9_]*\\\\}";

    /** The keys, in the order they are read (output_options before timestamps, which depend on it). */
    static final List<Key> KEYS = List.of(
            new Key("dataset", Where.JOB, """
                    {"type": "string", "pattern": "^[a-z0-9_]+$", "examples": ["firewall_events", "gateway_dns"]}""",
                    null),
            new Key("zones", Where.JOB, """
                    {"description": "Zone names or IDs, or all: every zone the token can read.",
                     "oneOf": [{"const": "all"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/zone"}}]}""",
                    null),
            new Key("zone", Where.JOB, """
                    {"$ref": "#/$defs/zone"}""", null),
            new Key("account", Where.JOB, """
                    {"type": "string", "description": "Account ID, for account-scoped datasets.",
                     "pattern": "^([0-9a-fA-F]{32}|@VAR@)$"}""".replace("@VAR@", VARIABLE), null),
            new Key("intake_key", Where.JOB_OR_DEFAULTS, """
                    {"type": "string", "pattern": "^@VAR@$", "description": "The Sekoia intake key, as ${VARIABLE}: \
                    a literal key is refused unless --allow-inline-secrets."}""".replace("@VAR@", VARIABLE), null),
            new Key("intake", Where.JOB_OR_DEFAULTS, """
                    {"type": "object", "required": ["name"], "additionalProperties": false,
                     "description": "The Sekoia intake by name (its key is looked up; --create-intakes makes it).",
                     "properties": {"name": {"type": "string"}, "entity": {"type": "string"}}}""", null),
            new Key("region", Where.JOB_OR_DEFAULTS, """
                    {"enum": ["fra1", "fra2", "mco1", "uae1", "usa1", "sgp1"],
                     "description": "Sekoia region (default for a new job: fra1)."}""", Reader::region),
            new Key("intake_url", Where.JOB_OR_DEFAULTS, """
                    {"type": "string", "pattern": "^https://",
                     "description": "Intake base URL for anything the regions do not cover."}""", Reader::intakeUrl),
            new Key("enabled", Where.JOB_OR_DEFAULTS, """
                    {"type": "boolean", "description": "Default for a new job: true."}""",
                    (r, j, e) -> j.settings().enabled(r.bool(e))),
            new Key("output_options", Where.JOB_OR_DEFAULTS, ApplySchema.outputOptions(), Reader::outputOptions),
            new Key("filter_attack_traffic", Where.JOB_OR_DEFAULTS, ApplySchema.attackFilter(), Reader::filterAttackTraffic),
            new Key("kind", Where.JOB_OR_DEFAULTS, ApplySchema.kind(), Reader::kind),
            new Key("fields", Where.JOB_OR_DEFAULTS, """
                    {"description": "all (every field the dataset offers), sekoia (Sekoia's documented list), or a \
                    list. Default for a new job: all.",
                     "oneOf": [{"enum": ["all", "sekoia"]},
                               {"type": "array", "minItems": 1, "items": {"type": "string",
                                "pattern": "^[A-Za-z0-9_.]+$"}}]}""", Reader::fields),
            new Key("timestamps", Where.JOB_OR_DEFAULTS, """
                    {"enum": ["unixnano", "unix", "rfc3339", "rfc3339ms", "rfc3339ns"], "description": "Default for \
                    a new job: what Sekoia's parser reads (unixnano for zone datasets, rfc3339 for account datasets)."}\
                    """, Reader::timestamps),
            new Key("name", Where.JOB_OR_DEFAULTS, """
                    {"type": "string", "pattern": "^[a-zA-Z0-9.-]{1,512}$",
                     "description": "Default for a new job: sekoia-DATASET."}""", Reader::name),
            new Key("filter", Where.JOB_OR_DEFAULTS, """
                    {"description": "A Logpush filter: a mapping with a where key (at most 1,000 bytes as JSON).",
                     "oneOf": [{"type": "object", "required": ["where"]}, {"type": "string"}]}""", Reader::filter),
            new Key("max_upload_bytes", Where.JOB_OR_DEFAULTS, limitSchema(Validate.UploadLimit.BYTES),
                    (r, j, e) -> j.settings().maxUploadBytes(r.limit(e, Validate.UploadLimit.BYTES))),
            new Key("max_upload_records", Where.JOB_OR_DEFAULTS, limitSchema(Validate.UploadLimit.RECORDS),
                    (r, j, e) -> j.settings().maxUploadRecords(r.limit(e, Validate.UploadLimit.RECORDS))),
            new Key("max_upload_interval_seconds", Where.JOB_OR_DEFAULTS,
                    limitSchema(Validate.UploadLimit.INTERVAL_SECONDS), (r, j, e) -> j.settings()
                            .maxUploadIntervalSeconds(r.limit(e, Validate.UploadLimit.INTERVAL_SECONDS))),
            new Key("max_silence", Where.JOB_OR_DEFAULTS, """
                    {"type": "string", "pattern": "^[0-9]+[smhd]$", "examples": ["2h", "30m"],
                     "description": "For check (with a Sekoia API key): fail when the job's intake received no \
                    valid event in this window; check --max-silence wins. Not a property of the job."}""",
                    (r, j, e) -> j.settings().maxSilence(r.duration(e))));

    /** The keys of {@code defaults} (and of each job). */
    static final Set<String> SETTINGS = names(Where.JOB_OR_DEFAULTS);
    /** The keys of each job only. */
    static final Set<String> JOB_ONLY = names(Where.JOB);

    private static Set<String> names(Where where) {
        Set<String> out = new LinkedHashSet<>();
        KEYS.stream().filter(k -> k.where() == where).forEach(k -> out.add(k.name()));
        return Collections.unmodifiableSet(out);
    }

    private static String limitSchema(Validate.UploadLimit limit) {
        return "{\"type\": \"integer\", \"anyOf\": [{\"const\": 0}, {\"minimum\": " + limit.min + ", \"maximum\": "
                + limit.max + "}]}";
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern ONLY_VAR = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");

    private final List<Declared> jobs;
    private final List<String> guarded;

    private ApplyFile(List<Declared> jobs, List<String> guarded) {
        this.jobs = jobs;
        this.guarded = guarded;
    }

    /** The file with each job's settings replaced (intake keys filled in). */
    ApplyFile withJobs(List<Declared> replaced) {
        return new ApplyFile(List.copyOf(replaced), guarded);
    }

    /**
     * What create and update would refuse without --force and no existing job can justify ("FILE:LINE:COLUMN:
     * message"): a record shape Sekoia's parsers cannot read (export leaves such jobs out). apply refuses the file
     * for them unless --force. Timestamps and fields are judged per write instead ({@link Guard}).
     */
    public List<String> guarded() {
        return guarded;
    }

    /**
     * What only a run that writes refuses, before any request (exit 2), unless {@code force}: what create would
     * refuse ({@link #guarded()}); check -f, list -f and export -f read a file for its scopes only.
     */
    public void requireWritable(String name, boolean force) {
        if (!force && !guarded.isEmpty()) {
            throw new Invalid(name, guarded, "fix " + (guarded.size() == 1 ? "it" : "them") + ", or pass --force to "
                    + "apply it anyway; no request was sent");
        }
    }

    /** Whether a job names its intake (intake: {name: …}) instead of a key, so Sekoia's API is needed. */
    public boolean namesIntakes() {
        return jobs.stream().anyMatch(j -> j.settings().intakeName() != null);
    }

    public List<Declared> jobs() {
        return jobs;
    }

    /** The largest apply file read, YAML or JSON, in bytes: far beyond 5,000 zones, far below what hurts. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    /** SnakeYAML stops at 3 MiB of code points by default: the file's own limit, {@link #MAX_BYTES}, is the one. */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .loaderOptions(loaderOptions()).build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_BYTES);
        return o;
    }

    /** Reads and validates {@code text} (named {@code name} in messages); YAML unless it starts with '{'. */
    public static ApplyFile parse(String name, String text, Function<String, String> env, boolean allowInlineSecrets) {
        boolean json = text.stripLeading().startsWith("{");
        JsonFactory factory = json ? new JsonFactory() : YAML;
        LocatedTree tree;
        try {
            tree = LocatedTree.read(factory, text);
        } catch (LocatedTree.Refused e) {
            throw new Invalid(name, List.of(name + ":" + e.at + ": " + e.getMessage()));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() != null && e.getLocation().getLineNr() > 0
                    ? ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr() : "";
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            if (why.contains("nesting depth")) {
                why = "nested too deeply; an apply file needs 4 levels";
            }
            throw new Invalid(name, List.of(name + where + ": not valid " + (json ? "JSON" : "YAML") + ": "
                    + why.replaceAll("\\s*\\(from `?StreamReadConstraints[^)]*\\)", "")));
        } catch (IOException e) {
            throw new Invalid(name, List.of(name + ": cannot be read: " + e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // a parser's own limit (SnakeYAML's nesting and alias limits) or a defect below it: never a trace
            throw new Invalid(name, List.of(name + ": cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage().lines().findFirst().orElse("") : "")));
        }
        return new Reader(name, tree, env, allowInlineSecrets).read();
    }

    /** The job being read: where it is, what it and the defaults give, its dataset and scope; its settings. */
    record JobContext(String at, JsonNode node, Map<String, JsonNode> defaults, String dataset, Scope.Kind scope,
                      Settings.Builder settings) {
    }

    /** One pass over the tree, collecting every problem. */
    static final class Reader {
        final String name;
        final LocatedTree tree;
        final Function<String, String> env;
        final boolean allowInlineSecrets;
        final List<String> problems = new ArrayList<>();
        /** What --force lifts, in file order (see {@link ApplyFile#guarded()}). */
        final List<String> guarded = new ArrayList<>();
        /** The current job's guards (see {@link Guard}). */
        final List<Guard> guards = new ArrayList<>();
        private final Map<String, LocatedTree.Position> problemAt = new HashMap<>();

        Reader(String name, LocatedTree tree, Function<String, String> env, boolean allowInlineSecrets) {
            this.name = name;
            this.tree = tree;
            this.env = env;
            this.allowInlineSecrets = allowInlineSecrets;
        }

        /** Records a problem once (a default's problem would otherwise repeat for every job). */
        void problem(String pointer, String message) {
            LocatedTree.Position at = tree.at(pointer);
            String text = name + ":" + at + ": " + message;
            if (!problemAt.containsKey(text)) {
                problemAt.put(text, at);
                problems.add(text);
            }
        }

        /** Records what create would refuse without --force, once (a default's would repeat for every job). */
        void guarded(String pointer, String message) {
            String text = name + ":" + tree.at(pointer) + ": " + message;
            if (!guarded.contains(text)) {
                guarded.add(text);
                guardedAt.put(text, pointer);
            }
        }

        private final Map<String, String> guardedAt = new HashMap<>();

        /** The problems in file order. */
        List<String> sorted() {
            List<String> out = new ArrayList<>(problems);
            out.sort(Comparator.comparingInt((String t) -> problemAt.get(t).line())
                    .thenComparingInt(t -> problemAt.get(t).column()));
            return out;
        }

        ApplyFile read() {
            for (LocatedTree.Problem p : tree.problems()) {
                String text = name + ":" + p.at() + ": " + p.message();
                if (!problemAt.containsKey(text)) {
                    problemAt.put(text, p.at());
                    problems.add(text);
                }
            }
            JsonNode root = tree.root();
            if (!root.isObject()) {
                problem("", "expected a mapping with 'jobs' (and optionally 'defaults')");
                throw new Invalid(name, problems);
            }
            unknownKeys(root, "", TOP, "top level");
            Map<String, JsonNode> defaults = new LinkedHashMap<>();
            JsonNode d = root.get("defaults");
            if (d != null && !d.isNull()) {
                if (!d.isObject()) {
                    problem("/defaults", "'defaults' must be a mapping");
                } else {
                    unknownKeys(d, "/defaults", SETTINGS, "defaults (zones, account and dataset go in each job)");
                    d.properties().forEach(e -> defaults.put(e.getKey(), e.getValue()));
                }
            }
            List<Declared> jobs = new ArrayList<>();
            JsonNode js = root.get("jobs");
            if (js == null || !js.isArray() || js.isEmpty()) {
                problem(js == null ? "" : "/jobs", "'jobs' must be a non-empty list");
            } else {
                Set<Declares> seen = new HashSet<>();
                for (int i = 0; i < js.size(); i++) {
                    Declared job = job(i, js.get(i), defaults);
                    if (job != null) {
                        for (String target : targets(job)) {
                            if (!seen.add(new Declares(target, job.dataset()))) {
                                problem("/jobs/" + i, "declares " + job.dataset() + " for " + target
                                        + " again: each (zone or account, dataset) may appear once");
                            }
                        }
                        jobs.add(job);
                    }
                }
                oneFormatPerKey(jobs);
            }
            if (!problems.isEmpty()) {
                guarded.forEach(g -> { // reported with the other problems, so that one run lists them all
                    problems.add(g);
                    problemAt.put(g, tree.at(guardedAt.get(g)));
                });
                throw new Invalid(name, sorted());
            }
            return new ApplyFile(List.copyOf(jobs), List.copyOf(guarded));
        }

        /**
         * An intake has one format, so one intake key takes one dataset: a key (by value, whatever variable holds
         * it) given to two datasets is a guard of the second job (a write sending it is refused; a job that
         * already sends it, adopted by export, is left as it is, and check reports the wrong format).
         */
        private void oneFormatPerKey(List<Declared> jobs) {
            Map<String, Declared> firstByKey = new HashMap<>();
            for (int i = 0; i < jobs.size(); i++) {
                Declared job = jobs.get(i);
                String key = job.settings().intakeKey();
                if (key == null || key.isEmpty()) {
                    continue;
                }
                Declared first = firstByKey.putIfAbsent(key, job);
                if (first != null && !first.dataset().equals(job.dataset())) {
                    jobs.set(i, job.with(new Guard("destination_conf", name + ":" + tree.at("/jobs/" + job.index())
                            + ": the intake key " + job.settings().intakeKeySource() + " is also given to "
                                    + first.dataset() + " (" + first.where() + "): a Sekoia intake has one format, so "
                                    + "one key cannot take " + first.dataset() + " and " + job.dataset()
                                    + "; give each dataset the key of its own intake")));
                }
            }
        }

        /** What an entry declares once: a dataset for a zone or an account. */
        private record Declares(String target, String dataset) {
        }

        private List<String> targets(Declared job) {
            if (job.kind() == Scope.Kind.ACCOUNT) {
                return List.of("account " + job.account());
            }
            return job.allZones() ? List.of("all zones") : job.zones().stream().map(z -> "zone " + z).toList();
        }

        private void unknownKeys(JsonNode object, String pointer, Set<String> allowed, String where) {
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String key = names.next();
                if (!allowed.contains(key)) {
                    String near = Validate.closest(key, allowed);
                    problem(pointer + "/" + key, "unknown key '" + key + "' in " + where
                            + (near != null ? "; did you mean '" + near + "'?" : ""));
                }
            }
        }

        private Declared job(int index, JsonNode node, Map<String, JsonNode> defaults) {
            String at = "/jobs/" + index;
            if (!node.isObject()) {
                problem(at, "each job must be a mapping");
                return null;
            }
            Set<String> allowed = new HashSet<>(SETTINGS);
            allowed.addAll(JOB_ONLY);
            unknownKeys(node, at, allowed, "a job");
            int before = problems.size();
            String dataset = dataset(at, node);
            Scopes scopes = scopes(at, node, dataset);
            guards.clear();
            Settings settings = settings(at, node, defaults, dataset, scopes.kind());
            if (problems.size() > before || dataset == null) {
                return null;
            }
            return new Declared(index, name + ":" + tree.at(at), scopes.kind(), scopes.all(), scopes.zones(),
                    scopes.account(), dataset, settings, List.copyOf(guards));
        }

        /** The job's dataset, one Sekoia reads; null (and a problem) otherwise. */
        private String dataset(String at, JsonNode node) {
            String named = string(node, at, "dataset");
            if (named == null) {
                problem(at, "'dataset' is required (e.g. firewall_events; 'logpush datasets' lists them)");
            }
            String dataset = named != null && check(at + "/dataset", () -> Validate.dataset(named)) ? named : null;
            if (dataset != null && Catalog.get().dataset(dataset).isEmpty()) {
                List<String> known = Catalog.get().datasets().stream().map(Catalog.Dataset::name).toList();
                String near = Validate.closest(dataset, known);
                problem(at + "/dataset", "dataset '" + dataset + "' is not one Sekoia reads"
                        + (near != null ? "; did you mean '" + near + "'?" : "") + " (apply manages Sekoia's "
                        + "datasets: " + String.join(", ", known) + ")");
                return null;
            }
            return dataset;
        }

        /** Where a job applies: zones (names, IDs or all) or an account. */
        private record Scopes(Scope.Kind kind, boolean all, List<String> zones, String account) {
        }

        /** zones, zone or account (one of them), and the dataset's scope. */
        private Scopes scopes(String at, JsonNode node, String dataset) {
            boolean hasZones = node.has("zones") || node.has("zone");
            String account = string(node, at, "account");
            if (node.has("zones") && node.has("zone")) {
                problem(at + "/zone", "give 'zones' or 'zone', not both");
            }
            if (hasZones && account != null) {
                problem(at + "/account", "give 'zones' or 'account', not both");
            }
            if (!hasZones && account == null && !node.has("account")) {
                problem(at, "each job needs 'zones' (names, IDs or all) or 'account'");
            }
            List<String> zones = new ArrayList<>();
            if (node.has("zone")) {
                String z = string(node, at, "zone");
                if (z != null) {
                    zones.add(zone(at + "/zone", z));
                }
            }
            boolean all = node.has("zones") && zones(at, node.get("zones"), zones);
            if (account != null) {
                check(at + "/account", () -> Validate.account(account, "'account'"));
            }
            Scope.Kind kind = hasZones ? Scope.Kind.ZONE : Scope.Kind.ACCOUNT;
            if (dataset != null && (hasZones || node.has("account"))) {
                Catalog.get().dataset(dataset).ifPresent(ds -> {
                    if (!ds.allows(kind)) {
                        problem(at + (hasZones ? (node.has("zones") ? "/zones" : "/zone") : "/account"),
                                "dataset " + ds.name() + " is " + kind.other().word() + "-scoped: use '"
                                        + (kind == Scope.Kind.ZONE ? "account" : "zones") + "'");
                    }
                });
            }
            return new Scopes(kind, all, List.copyOf(zones),
                    account == null ? null : account.toLowerCase(Locale.ROOT));
        }

        /** Adds the zones of {@code zs} to {@code zones}; whether it is {@code all}. */
        private boolean zones(String at, JsonNode zs, List<String> zones) {
            if (zs.isTextual() && expand(at + "/zones", zs.asText()).equals("all")) {
                return true;
            }
            if (zs.isArray() && !zs.isEmpty()) {
                for (int i = 0; i < zs.size(); i++) {
                    if (!zs.get(i).isTextual()) {
                        problem(at + "/zones/" + i, "a zone must be a string (a name or an ID)");
                    } else {
                        zones.add(zone(at + "/zones/" + i, expand(at + "/zones/" + i, zs.get(i).asText())));
                    }
                }
            } else {
                problem(at + "/zones", "'zones' must be a list of zone names or IDs, or 'all'");
            }
            return false;
        }

        private String zone(String pointer, String value) {
            check(pointer, () -> Validate.zone(value, "'zones'"));
            return value.trim().toLowerCase(Locale.ROOT);
        }

        /** The job's value for a setting, else the defaults', with its pointer; null when neither sets it. */
        private Map.Entry<String, JsonNode> setting(String at, JsonNode job, Map<String, JsonNode> defaults, String key) {
            if (job.has(key)) {
                return Map.entry(at + "/" + key, job.get(key));
            }
            if (defaults.containsKey(key)) {
                return Map.entry("/defaults/" + key, defaults.get(key));
            }
            return null;
        }

        /** The job's settings, each key read by its reader in {@link #KEYS}, then the rules across keys. */
        private Settings settings(String at, JsonNode job, Map<String, JsonNode> defaults, String dataset,
                                  Scope.Kind scopeKind) {
            JobContext c = new JobContext(at, job, defaults, dataset, scopeKind, Settings.builder());
            intake(c);
            for (Key k : KEYS) {
                Map.Entry<String, JsonNode> e = k.reader() == null ? null : setting(at, job, defaults, k.name());
                if (e != null) {
                    k.reader().read(this, c, e);
                }
            }
            Settings.Builder b = c.settings();
            if (b.region != null && b.intakeUrl != null) {
                problem(at, "give 'region' or 'intake_url', not both");
            }
            guards(c);
            return b.build();
        }

        /** intake_key or intake (not both), from the job, else from the defaults; one of them is required. */
        private void intake(JobContext c) {
            String at = c.at();
            boolean jobNamed = c.node().has("intake");
            boolean jobKey = c.node().has("intake_key");
            boolean useNamed;
            if (jobNamed || jobKey) {
                if (jobNamed && jobKey) {
                    problem(at, "give 'intake_key' or 'intake', not both");
                }
                useNamed = jobNamed && !jobKey;
            } else {
                if (c.defaults().containsKey("intake") && c.defaults().containsKey("intake_key")) {
                    problem("/defaults", "give 'intake_key' or 'intake', not both");
                }
                useNamed = c.defaults().containsKey("intake") && !c.defaults().containsKey("intake_key");
            }
            Map.Entry<String, JsonNode> named = useNamed ? setting(at, c.node(), c.defaults(), "intake") : null;
            Map.Entry<String, JsonNode> e = jobNamed && jobKey ? null
                    : setting(at, c.node(), c.defaults(), "intake_key");
            if (named != null) {
                intakeNamed(c, named);
            } else if (e == null) {
                if (!(jobNamed && jobKey)) {
                    problem(at, "'intake_key' (or 'intake: {name: …}') is required, in the job or in defaults, e.g. "
                            + "intake_key: ${SEKOIA_INTAKE_KEY}");
                }
            } else if (!e.getValue().isTextual()) {
                problem(e.getKey(), "'intake_key' must be a string such as ${SEKOIA_INTAKE_KEY}");
            } else {
                intakeKey(c, e);
            }
        }

        private void intakeNamed(JobContext c, Map.Entry<String, JsonNode> named) {
            JsonNode n = named.getValue();
            if (!n.isObject() || !n.path("name").isTextual()) {
                problem(named.getKey(), "'intake' must be a mapping with a 'name' (and optionally 'entity'), "
                        + "e.g. intake: {name: Cloudflare WAF}");
                return;
            }
            unknownKeys(n, named.getKey(), Set.of("name", "entity"), "'intake'");
            String intakeName = expand(named.getKey() + "/name", n.get("name").asText()).trim();
            String entity = n.has("entity") ? expand(named.getKey() + "/entity", n.get("entity").asText()).trim()
                    : null;
            c.settings().intakeName(intakeName, entity);
        }

        private void intakeKey(JobContext c, Map.Entry<String, JsonNode> e) {
            String raw = e.getValue().asText().trim();
            if (!ONLY_VAR.matcher(raw).matches() && !allowInlineSecrets) {
                problem(e.getKey(), "a literal intake key: files get committed, so write intake_key: ${VARIABLE} "
                        + "and set the variable (or pass --allow-inline-secrets)");
                return;
            }
            String key = expand(e.getKey(), raw);
            String keySource = ONLY_VAR.matcher(raw).matches() ? raw : "(inline)";
            if (key != null && !key.isEmpty()) {
                try {
                    Validate.intakeKey(key);
                } catch (LogpushException bad) {
                    problem(e.getKey(), bad.getMessage() + " (from " + keySource + ")");
                }
            }
            c.settings().intakeKey(key, keySource);
        }

        void region(JobContext c, Map.Entry<String, JsonNode> e) {
            String region = str(e);
            if (region != null) {
                check(e.getKey(), () -> Catalog.get().intakeBase(region, null));
            }
            c.settings().region(region);
        }

        void intakeUrl(JobContext c, Map.Entry<String, JsonNode> e) {
            String url = str(e);
            if (url != null) {
                check(e.getKey(), () -> Validate.intakeUrl(url, "'intake_url'"));
            }
            c.settings().intakeUrl(url);
        }

        /** output_options: true, or a mapping of the keys besides fields and timestamps (then true too). */
        void outputOptions(JobContext c, Map.Entry<String, JsonNode> e) {
            if (!e.getValue().isObject()) {
                c.settings().outputOptions(bool(e), null);
                return;
            }
            Map<String, String> pairs = new LinkedHashMap<>();
            e.getValue().properties().forEach(kv -> pairs.put(kv.getKey(), kv.getValue().asText()));
            ObjectNode extras = null;
            if (c.dataset() != null) {
                try {
                    extras = JobSurface.outputOptions(pairs, c.dataset(), c.scope(), "output_options");
                    for (SekoiaFormatGuard.Finding f : SekoiaFormatGuard.outputOptions(c.dataset(), extras)) {
                        if (f.breaks()) {
                            guarded(e.getKey(), f.message());
                        }
                    }
                } catch (LogpushException bad) {
                    problem(e.getKey(), bad.getMessage());
                }
            }
            c.settings().outputOptions(true, extras);
        }

        void filterAttackTraffic(JobContext c, Map.Entry<String, JsonNode> e) {
            Boolean on = bool(e);
            if (on != null && c.dataset() != null) {
                JobSurface.attackFilterProblem(c.dataset()).ifPresent(p -> problem(e.getKey(), p));
            }
            c.settings().filterAttackTraffic(on);
        }

        void kind(JobContext c, Map.Entry<String, JsonNode> e) {
            String kind = str(e);
            if (kind != null) {
                JobSurface.kindProblem(kind, c.dataset()).ifPresent(p -> problem(e.getKey(), p));
            }
            c.settings().kind(kind);
        }

        void fields(JobContext c, Map.Entry<String, JsonNode> e) {
            JsonNode f = e.getValue();
            String text = null;
            if (f.isTextual()) {
                text = expand(e.getKey(), f.asText());
            } else if (f.isArray() && !f.isEmpty()) {
                List<String> names = new ArrayList<>();
                f.forEach(n -> names.add(n.asText()));
                text = String.join(",", names);
            } else {
                problem(e.getKey(), "'fields' must be all, sekoia, or a list of field names");
            }
            FieldSelection fields = null;
            if (text != null) {
                try {
                    fields = FieldSelection.parse(text, "'fields'");
                } catch (LogpushException bad) {
                    problem(e.getKey(), bad.getMessage());
                }
            }
            c.settings().fields(fields);
        }

        void timestamps(JobContext c, Map.Entry<String, JsonNode> e) {
            String t = str(e);
            if (t != null && check(e.getKey(), () -> Validate.timestamps(t))) {
                boolean oo = Boolean.TRUE.equals(c.settings().outputOptions);
                check(e.getKey(), () -> Validate.timestampsFit(t, oo, "output_options: true"));
            }
            c.settings().timestamps(t);
        }

        void name(JobContext c, Map.Entry<String, JsonNode> e) {
            String n = str(e);
            if (n != null) {
                check(e.getKey(), () -> Validate.jobName(n));
            }
            c.settings().name(n);
        }

        void filter(JobContext c, Map.Entry<String, JsonNode> e) {
            JsonNode f = e.getValue();
            String text = f.isObject() ? f.toString() : f.isTextual() ? expand(e.getKey(), f.asText()) : null;
            if (text == null) {
                problem(e.getKey(), "'filter' must be a mapping with a 'where' key");
                return;
            }
            try {
                c.settings().filter(Filter.normalise(text, "'filter'"));
            } catch (LogpushException bad) {
                problem(e.getKey(), bad.getMessage());
            }
        }

        /** What create would refuse without --force in the job's timestamps and fields ({@link Guard}). */
        private void guards(JobContext c) {
            if (c.dataset() == null) {
                return;
            }
            Settings.Builder b = c.settings();
            if (b.timestamps != null) {
                String at = setting(c.at(), c.node(), c.defaults(), "timestamps").getKey();
                SekoiaFormatGuard.refusals(c.dataset(), b.timestamps, null, "timestamps:", "fields").forEach(r ->
                        guards.add(new Guard("timestamps", name + ":" + tree.at(at) + ": " + r.message() + "; "
                                + r.fix())));
            }
            if (b.fields != null) {
                String at = setting(c.at(), c.node(), c.defaults(), "fields").getKey();
                SekoiaFormatGuard.refusals(c.dataset(), null, b.fields.explicit(), "timestamps:", "'fields'")
                        .forEach(r -> guards.add(new Guard("fields", name + ":" + tree.at(at) + ": " + r.message()
                                + "; " + r.fix())));
            }
        }

        /** Runs a validation of the model; its failure becomes a problem at {@code pointer}. */
        private boolean check(String pointer, Runnable validation) {
            try {
                validation.run();
                return true;
            } catch (LogpushException bad) {
                problem(pointer, bad.getMessage());
                return false;
            }
        }

        Long limit(Map.Entry<String, JsonNode> e, Validate.UploadLimit limit) {
            if (e == null) {
                return null;
            }
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber()) {
                problem(e.getKey(), "'" + limit.property + "' must be a whole number");
                return null;
            }
            try {
                return limit.check(limit.property, v.asLong());
            } catch (LogpushException bad) {
                problem(e.getKey(), bad.getMessage());
                return null;
            }
        }

        Duration duration(Map.Entry<String, JsonNode> e) {
            String key = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            if (!e.getValue().isTextual()) {
                problem(e.getKey(), "'" + key + "' must be a duration such as 2h or 30m");
                return null;
            }
            try {
                return Validate.duration(e.getValue().asText(), "'" + key + "'");
            } catch (LogpushException bad) {
                problem(e.getKey(), bad.getMessage());
                return null;
            }
        }

        Boolean bool(Map.Entry<String, JsonNode> e) {
            if (e == null) {
                return null;
            }
            if (!e.getValue().isBoolean()) {
                problem(e.getKey(), "'" + e.getKey().substring(e.getKey().lastIndexOf('/') + 1)
                        + "' must be true or false");
                return null;
            }
            return e.getValue().booleanValue();
        }

        private String str(Map.Entry<String, JsonNode> e) {
            if (e == null) {
                return null;
            }
            if (!e.getValue().isTextual()) {
                problem(e.getKey(), "'" + e.getKey().substring(e.getKey().lastIndexOf('/') + 1) + "' must be a string");
                return null;
            }
            return expand(e.getKey(), e.getValue().asText()).trim();
        }

        private String string(JsonNode node, String at, String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                problem(at + "/" + key, "'" + key + "' must be a string");
                return null;
            }
            return expand(at + "/" + key, v.asText()).trim();
        }

        /** Replaces each ${VAR} by the environment's value; an unset or empty variable is a problem. */
        private String expand(String pointer, String text) {
            Matcher m = VAR.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = env.apply(m.group(1));
                if (value == null || value.isEmpty()) {
                    problem(pointer, "environment variable " + m.group(1) + " is not set");
                    value = "";
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            return sb.toString();
        }
    }
}
