package io.logpush.sekoia;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import io.logpush.model.LogpushException;
import io.logpush.model.Scope;

/**
 * The Sekoia catalog: datasets with an intake, and regions with their intake bases, loaded once from
 * {@code /io/logpush/catalog.properties}. A properties file keeps this off the JSON parser, so that
 * completion and help stay fast.
 */
public final class Catalog {
    /**
     * A Cloudflare dataset Sekoia has an intake for.
     *
     * @param timestamps   the format a new job gets
     * @param timestampsOk every format the parser dates rightly
     * @param parserFields the fields the parser reads; an entry "A|B" is satisfied by either
     * @param timeField    the field the parser dates an event by (@timestamp, or event.start for http_requests)
     */
    public record Dataset(String name, List<String> scopes, String intake, String formatUuid,
                          String timestamps, List<String> timestampsOk, List<String> fields,
                          List<String> parserFields, String timeField) {
        public boolean allows(Scope.Kind kind) {
            return scopes.contains(kind.word());
        }

        /** Whether the parser dates events rightly with this timestamp format. */
        public boolean datesRightly(String format) {
            return timestampsOk.contains(format);
        }

        /**
         * The parser's fields that a job sending {@code sent} lacks, among those Cloudflare {@code offered} (null:
         * unknown, all count); an alternative group is missing only when none of its names is sent, and is named
         * "A or B".
         */
        public List<String> parserFieldsMissing(Collection<String> sent, Collection<String> offered) {
            List<String> missing = new ArrayList<>();
            for (String entry : parserFields) {
                List<String> names = List.of(entry.split("\\|"));
                if (names.stream().noneMatch(sent::contains)) {
                    List<String> could = offered == null ? names : names.stream().filter(offered::contains).toList();
                    if (!could.isEmpty()) {
                        missing.add(String.join(" or ", could));
                    }
                }
            }
            return missing;
        }
    }

    /**
     * A Sekoia region: the intake base a new job gets, the other documented bases it may have, and the base of
     * Sekoia's API there.
     */
    public record Region(String name, String intakeBase, List<String> otherBases, String apiUrl) {
        /** Every base of the region, the default first. */
        public List<String> bases() {
            List<String> all = new ArrayList<>();
            all.add(intakeBase);
            all.addAll(otherBases);
            return all;
        }
    }

    private static volatile Catalog instance;

    private final List<Dataset> datasets;
    private final List<Region> regions;
    private final String defaultRegion;

    private Catalog(Properties p) {
        List<Dataset> ds = new ArrayList<>();
        for (String name : list(p, "datasets")) {
            List<String> fields = list(p, name + ".fields");
            String timestamps = req(p, name + ".timestamps");
            ds.add(new Dataset(name, list(p, name + ".scopes"), req(p, name + ".intake"), req(p, name + ".format"),
                    timestamps, optional(p, name + ".timestamps_ok", List.of(timestamps)), fields,
                    optional(p, name + ".parser_fields", fields), req(p, name + ".time_field")));
        }
        List<Region> rs = new ArrayList<>();
        for (String name : list(p, "regions")) {
            rs.add(new Region(name, req(p, "region." + name), optional(p, "region." + name + ".also", List.of()),
                    req(p, "region." + name + ".api")));
        }
        this.datasets = List.copyOf(ds);
        this.regions = List.copyOf(rs);
        this.defaultRegion = req(p, "region.default");
    }

    public static Catalog get() {
        Catalog c = instance;
        if (c == null) {
            synchronized (Catalog.class) {
                c = instance;
                if (c == null) {
                    instance = c = load();
                }
            }
        }
        return c;
    }

    private static Catalog load() {
        Properties p = new Properties();
        try (InputStream in = Catalog.class.getResourceAsStream("/io/logpush/catalog.properties")) {
            if (in == null) {
                throw new IllegalStateException("catalog.properties is missing from the jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Catalog(p);
    }

    private static String req(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("catalog.properties lacks " + key);
        }
        return v.trim();
    }

    private static List<String> list(Properties p, String key) {
        List<String> out = new ArrayList<>();
        for (String s : req(p, key).split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(out);
    }

    private static List<String> optional(Properties p, String key, List<String> otherwise) {
        return p.getProperty(key) != null ? list(p, key) : otherwise;
    }

    public List<Dataset> datasets() {
        return datasets;
    }

    public Optional<Dataset> dataset(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public List<Region> regions() {
        return regions;
    }

    public Optional<Region> region(String name) {
        return regions.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    public Region defaultRegion() {
        return region(defaultRegion).orElseThrow();
    }

    /**
     * The intake base a job asks for: {@code intakeUrl} (without a trailing slash), else the base of
     * {@code region} (which must be known), else null (the default region's, when a job is created).
     */
    public String intakeBase(String region, String intakeUrl) {
        if (intakeUrl != null) {
            return Destination.stripSlash(intakeUrl.trim());
        }
        return region == null ? null : region(region.trim()).orElseThrow(() -> LogpushException.usage(
                "unknown region '" + region + "': expected one of " + regionNames(),
                "the region is in your Sekoia URL, e.g. app.usa1.sekoia.io is usa1; app.sekoia.io is fra1"))
                .intakeBase();
    }

    /** The dataset whose Sekoia intake format is {@code formatUuid}, if any. */
    public Optional<Dataset> datasetOfFormat(String formatUuid) {
        return datasets.stream().filter(d -> d.formatUuid().equalsIgnoreCase(formatUuid)).findFirst();
    }

    /** "fra1, fra2, …". */
    public String regionNames() {
        return String.join(", ", regions.stream().map(Region::name).toList());
    }

    /** The region one of whose intake bases starts the given destination (or is the given base), if any. */
    public Optional<Region> regionOf(String destinationConf) {
        if (destinationConf == null) {
            return Optional.empty();
        }
        Region best = null;
        int bestLength = -1;
        for (Region r : regions) {
            for (String base : r.bases()) {
                if ((destinationConf.startsWith(base + "/") || destinationConf.equals(base)) && base.length() > bestLength) {
                    best = r;
                    bestLength = base.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * A destination on a known Sekoia intake host whose path is not that host's intake path: the region of the
     * host, the path the destination has ("" for none) and the path(s) expected there, each {@code <base
     * path>/plain/batch}.
     */
    public record WrongPath(Region region, String host, String path, List<String> expected) {
        /** "the path /x is not an intake path of host (Sekoia region r): expected /y". */
        public String explain() {
            return (path.isEmpty() ? "the destination has no path on " + host
                    : "the path " + path + " is not an intake path of " + host) + " (Sekoia region " + region.name()
                    + "): expected " + String.join(" or ", expected);
        }
    }

    /**
     * The path problem of a destination whose host is one of a region's intake hosts but whose path is not
     * {@code <base path>/plain/batch} for a base of that host; empty when the destination is a known intake URL or
     * its host is not a Sekoia intake host.
     */
    public Optional<WrongPath> wrongPath(String destinationConf) {
        if (destinationConf == null) {
            return Optional.empty();
        }
        String host;
        String path;
        try {
            URI uri = URI.create(destinationConf.trim());
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            host = uri.getHost().toLowerCase(Locale.ROOT);
            path = uri.getRawPath() == null ? "" : uri.getRawPath();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Region region = null;
        List<String> expected = new ArrayList<>();
        for (Region r : regions) {
            for (String base : r.bases()) {
                URI b = URI.create(base);
                if (!host.equals(b.getHost())) {
                    continue;
                }
                String want = Destination.stripSlash(b.getRawPath() == null ? "" : b.getRawPath())
                        + Destination.BATCH_PATH;
                if (Destination.stripSlash(path).equals(want)) {
                    return Optional.empty();
                }
                region = region == null ? r : region;
                if (!expected.contains(want)) {
                    expected.add(want);
                }
            }
        }
        return region == null ? Optional.empty() : Optional.of(new WrongPath(region, host, path, expected));
    }

    /**
     * Whether a destination goes to the intake {@code base} names: the same base, or another documented base
     * of the same Sekoia region (a job made from Sekoia's Cloudflare page uses app.REGION, the tool intake.REGION).
     */
    public boolean sameIntake(String destinationConf, String base) {
        String have = Destination.base(destinationConf);
        if (have.equals(base)) {
            return true;
        }
        Optional<Region> region = regionOf(have);
        return region.isPresent() && region.equals(regionOf(base));
    }
}
