package io.logpush.sekoia;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logpush.model.Redactor;

/**
 * Sekoia intake destinations: {@code <intake base>/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=<key>}.
 * Building them, reading the key back, and masking every secret a destination can carry.
 */
public final class Destination {
    public static final String KEY_PARAM = "header_X-SEKOIAIO-INTAKE-KEY";
    public static final String BATCH_PATH = "/plain/batch";

    private static final Pattern PARAM = Pattern.compile("([?&])([^=&#]*)=([^&#]*)");
    private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^@/?#]+)@");
    private static final Pattern SENSITIVE_NAME =
            Pattern.compile("(?i)^header_.*|.*(key|token|secret|passw|signature|sig|auth|credential).*");

    private Destination() {
    }

    /**
     * The destination for an intake base (null: the default region's) and a (raw) intake key; the key is
     * URL-encoded.
     */
    public static String build(String intakeBase, String intakeKey) {
        String base = intakeBase != null ? intakeBase : Catalog.get().defaultRegion().intakeBase();
        return stripSlash(base) + BATCH_PATH + "?" + KEY_PARAM + "=" + encode(intakeKey);
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String stripSlash(String base) {
        String b = base;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }

    /** The decoded intake key a destination carries, if it carries one. */
    public static Optional<String> intakeKey(String destinationConf) {
        if (destinationConf == null) {
            return Optional.empty();
        }
        Matcher m = PARAM.matcher(destinationConf);
        while (m.find()) {
            if (m.group(2).equalsIgnoreCase(KEY_PARAM)) {
                try {
                    return Optional.of(URLDecoder.decode(m.group(3), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return Optional.of(m.group(3));
                }
            }
        }
        return Optional.empty();
    }

    /** The destination with its intake key replaced, everything else kept; null when it carries no key. */
    public static String withKey(String destinationConf, String intakeKey) {
        if (destinationConf == null) {
            return null;
        }
        Matcher m = PARAM.matcher(destinationConf);
        while (m.find()) {
            if (m.group(2).equalsIgnoreCase(KEY_PARAM)) {
                return destinationConf.substring(0, m.start(3)) + encode(intakeKey) + destinationConf.substring(m.end(3));
            }
        }
        return null;
    }

    /** The intake base of a Sekoia destination: what stands before {@code /plain/batch}, or before the query. */
    public static String base(String destinationConf) {
        String d = destinationConf;
        int q = d.indexOf('?');
        if (q >= 0) {
            d = d.substring(0, q);
        }
        if (d.endsWith(BATCH_PATH)) {
            d = d.substring(0, d.length() - BATCH_PATH.length());
        }
        return stripSlash(d);
    }

    public static String host(String destinationConf) {
        try {
            String h = URI.create(destinationConf).getHost();
            return h == null ? "" : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** A destination that feeds Sekoia: a {@code *.sekoia.io} host or an intake-key header. */
    public static boolean isSekoia(String destinationConf) {
        if (destinationConf == null) {
            return false;
        }
        String host = host(destinationConf);
        return host.equals("sekoia.io") || host.endsWith(".sekoia.io") || intakeKey(destinationConf).isPresent();
    }

    /**
     * The destination with every secret masked: {@code header_*} values and any parameter whose name
     * speaks of a key, token, secret, password or signature, and URL user-info.
     */
    public static String mask(String destinationConf) {
        if (destinationConf == null) {
            return null;
        }
        Matcher u = USERINFO.matcher(destinationConf);
        String d = u.find() ? u.group(1) + Redactor.mask(u.group(2)) + "@" + destinationConf.substring(u.end())
                : destinationConf;
        Matcher m = PARAM.matcher(d);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = m.group(3);
            String replacement = SENSITIVE_NAME.matcher(m.group(2)).matches()
                    ? m.group(1) + m.group(2) + "=" + Redactor.mask(value)
                    : m.group(0);
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The destination masked, or as it is when {@code showSecrets}. */
    public static String display(String destinationConf, boolean showSecrets) {
        return showSecrets ? destinationConf : mask(destinationConf);
    }
}
