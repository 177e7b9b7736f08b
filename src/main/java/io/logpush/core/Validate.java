package io.logpush.core;

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

    private Validate() {
    }

    public static boolean isHex32(String s) {
        return s != null && HEX32.matcher(s).matches();
    }

    public static boolean isZoneName(String s) {
        return s != null && HOSTNAME.matcher(s).matches();
    }

    /** A zone ID (lower-cased) or a zone name; anything else is a usage error. */
    public static String zone(String value, String source) {
        String v = value.trim();
        if (isHex32(v)) {
            return v.toLowerCase(Locale.ROOT);
        }
        if (isZoneName(v)) {
            return v.toLowerCase(Locale.ROOT);
        }
        throw LogpushException.usage("invalid zone '" + v + "' (from " + source + "): expected a zone ID "
                + "(32 hexadecimal characters) or a zone name such as example.com",
                "find the zone ID on the zone's Overview page in the Cloudflare dashboard");
    }

    public static String account(String value, String source) {
        String v = value.trim();
        if (isHex32(v)) {
            return v.toLowerCase(Locale.ROOT);
        }
        throw LogpushException.usage("invalid account ID '" + v + "' (from " + source
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

    public static long maxUploadBytes(long v) {
        return UploadLimit.BYTES.check("--max-upload-bytes", v);
    }

    public static long maxUploadRecords(long v) {
        return UploadLimit.RECORDS.check("--max-upload-records", v);
    }

    public static long maxUploadIntervalSeconds(long v) {
        return UploadLimit.INTERVAL_SECONDS.check("--max-upload-interval-seconds", v);
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
