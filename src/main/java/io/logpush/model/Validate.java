package io.logpush.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Input checks that run before any request, each failing with a one-line usage error and a hint. */
public final class Validate {
    private static final Pattern HEX32 = Pattern.compile("(?i)[0-9a-f]{32}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?i)(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]");
    private static final Pattern DATASET = Pattern.compile("[a-z0-9_]{1,256}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.]{1,256}");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9.-]{1,512}");
    private static final Pattern TYPICAL_KEY = Pattern.compile("[A-Za-z0-9]{32}");

    public static final String[] TIMESTAMPS = {"unixnano", "unix", "rfc3339", "rfc3339ms", "rfc3339ns"};
    /** What Cloudflare documents for {@code timestamps=} of logpull_options; ms and ns exist in output_options only. */
    public static final List<String> LOGPULL_TIMESTAMPS = List.of("unixnano", "unix", "rfc3339");

    private Validate() {
    }

    public static boolean isHex32(String s) {
        return s != null && HEX32.matcher(s).matches();
    }

    public static boolean isZoneName(String s) {
        return s != null && HOSTNAME.matcher(s).matches();
    }

    /**
     * A zone ID (lower-cased) or a zone name; anything else is a usage error naming {@code label} (the option,
     * variable or file key it came from).
     */
    public static String zone(String value, String label) {
        String v = value.trim();
        if (isHex32(v) || isZoneName(v)) {
            return v.toLowerCase(Locale.ROOT);
        }
        throw LogpushException.usage("invalid zone '" + v + "' (from " + label + "): expected a zone ID "
                + "(32 hexadecimal characters) or a zone name such as example.com",
                "find the zone ID on the zone's Overview page in the Cloudflare dashboard");
    }

    public static String account(String value, String label) {
        String v = value.trim();
        if (isHex32(v)) {
            return v.toLowerCase(Locale.ROOT);
        }
        throw LogpushException.usage("invalid account ID '" + v + "' (from " + label
                + "): expected 32 hexadecimal characters",
                "find the account ID on the account's Overview page in the Cloudflare dashboard");
    }

    public static String dataset(String value) {
        if (value == null || !DATASET.matcher(value).matches()) {
            throw LogpushException.usage("invalid dataset '" + value + "': expected lower-case letters, digits and _",
                    "list the datasets Sekoia reads with 'logpush datasets'");
        }
        return value;
    }

    public static String field(String value) {
        if (!FIELD.matcher(value).matches()) {
            throw LogpushException.usage("invalid field name '" + value + "': expected letters, digits, _ and .",
                    "list the dataset's fields with 'logpush fields -o names'");
        }
        return value;
    }

    public static long jobId(long id) {
        if (id <= 0) {
            throw LogpushException.usage("invalid job ID " + id + ": expected a positive integer",
                    "list the job IDs with 'logpush list'");
        }
        return id;
    }

    public static String jobName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw LogpushException.usage("invalid job name '" + name + "': use 1 to 512 letters, digits, '.' and '-'",
                    "Cloudflare rejects '_' and spaces in job names; for example sekoia-firewall-events");
        }
        return name;
    }

    public static String timestamps(String value) {
        for (String t : TIMESTAMPS) {
            if (t.equals(value)) {
                return value;
            }
        }
        throw LogpushException.usage("invalid timestamp format '" + value + "': expected one of "
                + String.join(", ", TIMESTAMPS), "Sekoia's parsers read unixnano for zone datasets and rfc3339 for "
                + "account datasets ('logpush datasets' shows each)");
    }

    /**
     * Refuses a timestamp format that the job's options cannot carry: rfc3339ms and rfc3339ns on a job that
     * stays on logpull_options. {@code outputOptionsSwitch} names how to move it ("--output-options").
     */
    public static void timestampsFit(String value, boolean outputOptions, String outputOptionsSwitch) {
        if (value != null && !outputOptions && !LOGPULL_TIMESTAMPS.contains(value)) {
            throw LogpushException.usage("timestamp format " + value + " exists only in output_options: Cloudflare "
                    + "documents unixnano, unix and rfc3339 for logpull_options", "add " + outputOptionsSwitch
                    + " to send output_options instead");
        }
    }

    /**
     * An intake base URL: https, a host, a port in 1 to 65535 when given, no user information, query or
     * fragment (the tool appends the path and the key's query). {@code label} names it ("--intake-url").
     */
    public static String intakeUrl(String url, String label) {
        String v = url.trim();
        String hint = "for example https://intake.sekoia.io; the key goes in --intake-key";
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw LogpushException.usage("invalid " + label + " '" + url + "': not a URL (" + e.getReason() + ")", hint);
        }
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("https") || uri.getRawAuthority() == null) {
            throw LogpushException.usage("invalid " + label + " '" + url + "': an https:// URL is required",
                    "Cloudflare delivers only to HTTPS endpoints with a trusted certificate");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw LogpushException.usage("invalid " + label + " '" + url + "': invalid port " + uri.getPort()
                    + ", expected 1 to 65535", hint);
        }
        if (uri.getRawUserInfo() != null) {
            throw LogpushException.usage(label + " takes the intake base without user information", hint);
        }
        if (uri.getHost() == null) {
            throw LogpushException.usage("invalid " + label + " '" + url + "': invalid host '" + uri.getRawAuthority()
                    + "'", hint);
        }
        if (uri.getRawQuery() != null) {
            throw LogpushException.usage(label + " takes the intake base without a query", hint);
        }
        if (uri.getRawFragment() != null) {
            throw LogpushException.usage(label + " takes the intake base without a fragment ('#…')", hint);
        }
        return v;
    }

    /** A duration such as "24h", "90m", "2d", "3600s" or ISO-8601 ("PT24H"), positive; {@code label} names it. */
    public static Duration duration(String text, String label) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d = null;
        try {
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> null;
                };
            }
        } catch (RuntimeException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw LogpushException.usage("invalid " + label + " '" + text + "': expected a positive duration such as "
                    + "24h, 90m or 2d", null);
        }
        return d;
    }

    /**
     * The closest of {@code candidates} to {@code name}: the same but for case, else the nearest by edit
     * distance, within a third of the length; null when none is close. For "did you mean" hints.
     */
    public static String closest(String name, Iterable<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.toLowerCase(Locale.ROOT).equals(lower)) {
                return c;
            }
            int d = distance(lower, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Cloudflare's batch limits: each property is 0 (off) or within [min, max]. The one place these ranges live. */
    public enum UploadLimit {
        BYTES("max_upload_bytes", 5_000_000L, 1_000_000_000L),
        RECORDS("max_upload_records", 1_000L, 1_000_000L),
        INTERVAL_SECONDS("max_upload_interval_seconds", 30L, 300L);

        public final String property;
        public final long min;
        public final long max;

        UploadLimit(String property, long min, long max) {
            this.property = property;
            this.min = min;
            this.max = max;
        }

        public boolean allows(long value) {
            return value == 0 || (value >= min && value <= max);
        }

        /** The value, or a usage error naming it as {@code label} (an option or a file key). */
        public long check(String label, long value) {
            if (!allows(value)) {
                throw LogpushException.usage(String.format(Locale.ROOT, "%s %d is out of range: use 0 or %,d to %,d",
                        label, value, min, max), "0 leaves the limit to Cloudflare's defaults");
            }
            return value;
        }
    }

    /** The intake key, checked; returns whether it has Sekoia's usual shape (32 letters and digits). */
    public static boolean intakeKey(String key) {
        if (key == null || key.isEmpty()) {
            throw LogpushException.usage("the intake key is empty",
                    "copy it from the intake's page in Sekoia.io (Copy intake key)");
        }
        if (key.length() > 256) {
            throw LogpushException.usage("the intake key is " + key.length() + " characters long; at most 256 are allowed",
                    "copy it again from the intake's page in Sekoia.io");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw LogpushException.usage("the intake key contains whitespace or a control character at position "
                        + (i + 1), "copy it again from the intake's page in Sekoia.io");
            }
        }
        return TYPICAL_KEY.matcher(key).matches();
    }
}
