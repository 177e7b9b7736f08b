package io.logpush.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence against leaked credentials: every text that reaches stderr (errors, hints,
 * verbose logs, stack traces) passes through {@link #redact(String)}, which replaces each registered
 * secret, raw, URL-encoded or JSON-escaped, by a mask, and the user information of any URL
 * ({@code https://user:password@host} becomes {@code https://…@host}). Destinations are masked on purpose elsewhere
 * ({@code Destination.mask}); this catches what slips past.
 */
public final class Redactor {
    /** A URL's user information ({@code scheme://user:password@host}), which may hold a password: always masked. */
    private static final Pattern USER_INFO = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\\s]+@");

    /**
     * A query parameter whose name says it holds a secret ({@code ?match[intake_key]=…},
     * {@code header_X-SEKOIAIO-INTAKE-KEY=…}, {@code token=…}), brackets raw or URL-encoded: its value is masked
     * whether or not the run knows it (a key read from a job just now).
     */
    private static final Pattern SECRET_QUERY = Pattern.compile(
            "(?i)([?&][^=&\\s#]*?(?:key|token|secret|password)(?:\\]|%5D)?=)([^&\\s#\"'<>…]{4,})(?=[&\\s#\"'<>]|$)");

    private final Set<String> secrets = new LinkedHashSet<>();

    /** Registers a secret (ignored when null or shorter than 4 characters, which cannot be told from text). */
    public synchronized void add(String secret) {
        if (secret != null && secret.length() >= 4) {
            secrets.add(secret);
        }
    }

    public synchronized String redact(String text) {
        if (text == null) {
            return text;
        }
        String out = text.indexOf('@') >= 0 ? USER_INFO.matcher(text).replaceAll("$1…@") : text;
        if (out.indexOf('=') >= 0) {
            out = SECRET_QUERY.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + mask(m.group(2))));
        }
        for (String secret : secrets) {
            for (String form : forms(secret)) {
                if (out.contains(form)) {
                    out = out.replace(form, mask(secret));
                }
            }
        }
        return out;
    }

    private static List<String> forms(String secret) {
        List<String> forms = new ArrayList<>(3);
        forms.add(secret);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        if (!encoded.equals(secret)) {
            forms.add(encoded);
            forms.add(encoded.replace("+", "%20"));
        }
        String json = secret.replace("\\", "\\\\").replace("\"", "\\\"");
        if (!json.equals(secret)) {
            forms.add(json);
        }
        String jsonSlash = json.replace("/", "\\/");
        if (!jsonSlash.equals(json)) {
            forms.add(jsonSlash);
        }
        return forms;
    }

    /**
     * The one masking rule of the tool: the first 4 characters and an ellipsis, and for a value
     * shorter than 16 characters nothing but the ellipsis, so no input reveals more than 4 characters
     * or a large share of a short value.
     */
    public static String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return value.length() >= 16 ? value.substring(0, 4) + "…" : "…";
    }
}
