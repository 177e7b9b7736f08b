package io.logpush.apply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
import io.logpush.jobs.OutputExtras;
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
    /** The job properties a file can set, in {@code defaults} or per job; null means "not set by the file". */
    public record Settings(String intakeKey, String intakeKeySource, String region, String intakeUrl, Boolean enabled,
                           FieldSelection fields, String fieldsText, String timestamps, String name, String filter,
                           Boolean outputOptions, Long maxUploadBytes, Long maxUploadRecords,
                           Long maxUploadIntervalSeconds, String intakeName, String intakeEntity,
                           ObjectNode outputExtras, Boolean filterAttackTraffic, String kind) {
        /** The same settings sending to {@code key} (of the Sekoia intake {@code intakeName}, found or made). */
        Settings withIntakeKey(String key, String source) {
            return new Settings(key, source, region, intakeUrl, enabled, fields, fieldsText, timestamps, name, filter,
                    outputOptions, maxUploadBytes, maxUploadRecords, maxUploadIntervalSeconds, intakeName,
                    intakeEntity, outputExtras, filterAttackTraffic, kind);
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
    static final Set<String> SETTINGS = Set.of("intake_key", "intake", "region", "intake_url", "enabled", "fields", "timestamps",
            "name", "filter", "output_options", "max_upload_bytes", "max_upload_records", "max_upload_interval_seconds",
            "filter_attack_traffic", "kind");
    static final Set<String> JOB_ONLY = Set.of("zones", "zone", "account", "dataset");
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

    /** One pass over the tree, collecting every problem. */
    private static final class Reader {
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
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < js.size(); i++) {
                    Declared job = job(i, js.get(i), defaults);
                    if (job != null) {
                        for (String target : targets(job)) {
                            if (!seen.add(target + "|" + job.dataset())) {
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
                dataset = null;
            }
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
            boolean all = false;
            List<String> zones = new ArrayList<>();
            if (node.has("zone")) {
                String z = string(node, at, "zone");
                if (z != null) {
                    zones.add(zone(at + "/zone", z));
                }
            }
            JsonNode zs = node.get("zones");
            if (zs != null) {
                if (zs.isTextual() && expand(at + "/zones", zs.asText()).equals("all")) {
                    all = true;
                } else if (zs.isArray() && !zs.isEmpty()) {
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
            }
            if (account != null) {
                String a = account;
                check(at + "/account", () -> Validate.account(a, "'account'"));
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
            guards.clear();
            Settings settings = settings(at, node, defaults, dataset, kind);
            if (problems.size() > before || dataset == null) {
                return null;
            }
            return new Declared(index, name + ":" + tree.at(at), kind, all, List.copyOf(zones),
                    account == null ? null : account.toLowerCase(Locale.ROOT), dataset, settings, List.copyOf(guards));
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

        private Settings settings(String at, JsonNode job, Map<String, JsonNode> defaults, String dataset,
                                  Scope.Kind scopeKind) {
            Map.Entry<String, JsonNode> e;
            String key = null;
            String keySource = null;
            String intakeName = null;
            String intakeEntity = null;
            boolean jobNamed = job.has("intake");
            boolean jobKey = job.has("intake_key");
            boolean useNamed;
            if (jobNamed || jobKey) {
                if (jobNamed && jobKey) {
                    problem(at, "give 'intake_key' or 'intake', not both");
                }
                useNamed = jobNamed && !jobKey;
            } else {
                if (defaults.containsKey("intake") && defaults.containsKey("intake_key")) {
                    problem("/defaults", "give 'intake_key' or 'intake', not both");
                }
                useNamed = defaults.containsKey("intake") && !defaults.containsKey("intake_key");
            }
            Map.Entry<String, JsonNode> named = useNamed ? setting(at, job, defaults, "intake") : null;
            e = jobNamed && jobKey ? null : setting(at, job, defaults, "intake_key");
            if (named != null) {
                JsonNode n = named.getValue();
                if (!n.isObject() || !n.path("name").isTextual()) {
                    problem(named.getKey(), "'intake' must be a mapping with a 'name' (and optionally 'entity'), "
                            + "e.g. intake: {name: Cloudflare WAF}");
                } else {
                    unknownKeys(n, named.getKey(), Set.of("name", "entity"), "'intake'");
                    intakeName = expand(named.getKey() + "/name", n.get("name").asText()).trim();
                    if (n.has("entity")) {
                        intakeEntity = expand(named.getKey() + "/entity", n.get("entity").asText()).trim();
                    }
                }
            } else if (e == null) {
                if (!(jobNamed && jobKey)) {
                    problem(at, "'intake_key' (or 'intake: {name: …}') is required, in the job or in defaults, e.g. "
                            + "intake_key: ${SEKOIA_INTAKE_KEY}");
                }
            } else if (!e.getValue().isTextual()) {
                problem(e.getKey(), "'intake_key' must be a string such as ${SEKOIA_INTAKE_KEY}");
            } else {
                String raw = e.getValue().asText().trim();
                if (!ONLY_VAR.matcher(raw).matches() && !allowInlineSecrets) {
                    problem(e.getKey(), "a literal intake key: files get committed, so write intake_key: ${VARIABLE} "
                            + "and set the variable (or pass --allow-inline-secrets)");
                } else {
                    key = expand(e.getKey(), raw);
                    keySource = ONLY_VAR.matcher(raw).matches() ? raw : "(inline)";
                    if (key != null && !key.isEmpty()) {
                        try {
                            Validate.intakeKey(key);
                        } catch (LogpushException bad) {
                            problem(e.getKey(), bad.getMessage() + " (from " + keySource + ")");
                        }
                    }
                }
            }
            String region = null;
            e = setting(at, job, defaults, "region");
            if (e != null) {
                region = str(e);
                if (region != null) {
                    String r = region;
                    check(e.getKey(), () -> Catalog.get().intakeBase(r, null));
                }
            }
            String intakeUrl = null;
            e = setting(at, job, defaults, "intake_url");
            if (e != null) {
                intakeUrl = str(e);
                if (intakeUrl != null) {
                    String u = intakeUrl;
                    check(e.getKey(), () -> Validate.intakeUrl(u, "'intake_url'"));
                }
            }
            if (region != null && intakeUrl != null) {
                problem(at, "give 'region' or 'intake_url', not both");
            }
            Boolean enabled = bool(setting(at, job, defaults, "enabled"));
            // output_options: true, or a mapping of the keys besides fields and timestamps (then true too)
            Boolean outputOptions = null;
            ObjectNode outputExtras = null;
            Map.Entry<String, JsonNode> oe = setting(at, job, defaults, "output_options");
            if (oe != null && oe.getValue().isObject()) {
                outputOptions = true;
                Map<String, String> pairs = new LinkedHashMap<>();
                oe.getValue().properties().forEach(kv -> pairs.put(kv.getKey(), kv.getValue().asText()));
                if (dataset != null) {
                    try {
                        outputExtras = OutputExtras.parse(pairs, dataset, scopeKind, "output_options");
                        for (SekoiaFormatGuard.Finding f : SekoiaFormatGuard.outputOptions(dataset, outputExtras)) {
                            if (f.breaks()) {
                                guarded(oe.getKey(), f.message());
                            }
                        }
                    } catch (LogpushException bad) {
                        problem(oe.getKey(), bad.getMessage());
                    }
                }
            } else if (oe != null) {
                outputOptions = bool(oe);
            }
            Boolean filterAttackTraffic = bool(setting(at, job, defaults, "filter_attack_traffic"));
            if (filterAttackTraffic != null && dataset != null
                    && !OutputExtras.ATTACK_FILTER_DATASETS.contains(dataset)) {
                problem(setting(at, job, defaults, "filter_attack_traffic").getKey(), "Cloudflare offers "
                        + "filter_attack_traffic for " + String.join(", ", OutputExtras.ATTACK_FILTER_DATASETS) + " only");
            }
            String jobKind = str(setting(at, job, defaults, "kind"));
            if (jobKind != null && !(jobKind.equals("edge") && "http_requests".equals(dataset))) {
                problem(setting(at, job, defaults, "kind").getKey(), "Cloudflare takes kind edge for http_requests "
                        + "jobs only");
            }
            FieldSelection fields = null;
            String fieldsText = null;
            e = setting(at, job, defaults, "fields");
            if (e != null) {
                JsonNode f = e.getValue();
                if (f.isTextual()) {
                    fieldsText = expand(e.getKey(), f.asText());
                } else if (f.isArray() && !f.isEmpty()) {
                    List<String> names = new ArrayList<>();
                    f.forEach(n -> names.add(n.asText()));
                    fieldsText = String.join(",", names);
                } else {
                    problem(e.getKey(), "'fields' must be all, sekoia, or a list of field names");
                }
                if (fieldsText != null) {
                    try {
                        fields = FieldSelection.parse(fieldsText, "'fields'");
                    } catch (LogpushException bad) {
                        problem(e.getKey(), bad.getMessage());
                    }
                }
            }
            String timestamps = null;
            e = setting(at, job, defaults, "timestamps");
            if (e != null) {
                timestamps = str(e);
                if (timestamps != null) {
                    String t = timestamps;
                    Boolean oo = outputOptions;
                    if (check(e.getKey(), () -> Validate.timestamps(t))) {
                        check(e.getKey(), () -> Validate.timestampsFit(t, Boolean.TRUE.equals(oo),
                                "output_options: true"));
                    }
                }
            }
            if (dataset != null) {
                Map.Entry<String, JsonNode> te = setting(at, job, defaults, "timestamps");
                Map.Entry<String, JsonNode> fe = setting(at, job, defaults, "fields");
                String t = timestamps;
                List<String> explicit = fields == null ? null : fields.explicit();
                if (t != null) {
                    SekoiaFormatGuard.refusals(dataset, t, null, "timestamps:", "fields").forEach(r -> guards.add(
                            new Guard("timestamps", name + ":" + tree.at(te.getKey()) + ": " + r.message() + "; "
                                    + r.fix())));
                }
                if (explicit != null) {
                    SekoiaFormatGuard.refusals(dataset, null, explicit, "timestamps:", "'fields'").forEach(r ->
                            guards.add(new Guard("fields", name + ":" + tree.at(fe.getKey()) + ": " + r.message()
                                    + "; " + r.fix())));
                }
            }
            String jobName = null;
            e = setting(at, job, defaults, "name");
            if (e != null) {
                jobName = str(e);
                if (jobName != null) {
                    String n = jobName;
                    check(e.getKey(), () -> Validate.jobName(n));
                }
            }
            String filter = null;
            e = setting(at, job, defaults, "filter");
            if (e != null) {
                JsonNode f = e.getValue();
                String text = f.isObject() ? f.toString() : f.isTextual() ? expand(e.getKey(), f.asText()) : null;
                if (text == null) {
                    problem(e.getKey(), "'filter' must be a mapping with a 'where' key");
                } else {
                    try {
                        filter = Filter.normalise(text, "'filter'");
                    } catch (LogpushException bad) {
                        problem(e.getKey(), bad.getMessage());
                    }
                }
            }
            Long bytes = limit(setting(at, job, defaults, "max_upload_bytes"), Validate.UploadLimit.BYTES);
            Long records = limit(setting(at, job, defaults, "max_upload_records"), Validate.UploadLimit.RECORDS);
            Long interval = limit(setting(at, job, defaults, "max_upload_interval_seconds"),
                    Validate.UploadLimit.INTERVAL_SECONDS);
            return new Settings(key, keySource, region, intakeUrl, enabled, fields, fieldsText, timestamps, jobName,
                    filter, outputOptions, bytes, records, interval, intakeName, intakeEntity, outputExtras,
                    filterAttackTraffic, jobKind);
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

        private Long limit(Map.Entry<String, JsonNode> e, Validate.UploadLimit limit) {
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

        private Boolean bool(Map.Entry<String, JsonNode> e) {
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
