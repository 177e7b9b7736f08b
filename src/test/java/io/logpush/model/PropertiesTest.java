package io.logpush.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logpush.jobs.FieldSelection;
import io.logpush.sekoia.Destination;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Property-based tests of the parsers, builders and masking (jqwik). */
class PropertiesTest {
    @Provide
    Arbitrary<String> fieldName() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.")
                .ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> timestamps() {
        return Arbitraries.of(Validate.TIMESTAMPS);
    }

    /** Intake keys: anything without whitespace or control characters, reserved characters and non-ASCII included. */
    @Provide
    Arbitrary<String> intakeKey() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(64).filter(s -> s.codePoints()
                .noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)
                        || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.UNASSIGNED));
    }

    @Property
    void logpullOptionsRoundTrip(@ForAll @Size(min = 1, max = 60) List<@From("fieldName") String> fields,
                                 @ForAll("timestamps") String timestamps) {
        LogpullOptions built = LogpullOptions.of(fields, timestamps);
        LogpullOptions parsed = LogpullOptions.parse(built.toString());
        assertThat(parsed.fields()).isEqualTo(fields);
        assertThat(parsed.timestamps()).contains(timestamps);
        assertThat(parsed.toString()).isEqualTo(built.toString());
    }

    @Property
    void rewritingKeepsTheOtherParameters(@ForAll @Size(min = 1, max = 10) List<@From("fieldName") String> before,
                                          @ForAll @Size(min = 1, max = 10) List<@From("fieldName") String> after,
                                          @ForAll("timestamps") String timestamps) {
        String original = "fields=" + String.join(",", before) + "&timestamps=unix&CVE-2021-44228=true&sample=10";
        String rewritten = LogpullOptions.parse(original).withFields(after).withTimestamps(timestamps).toString();
        assertThat(rewritten).isEqualTo("fields=" + String.join(",", after) + "&timestamps=" + timestamps
                + "&CVE-2021-44228=true&sample=10");
    }

    @Property
    void fieldListsKeepOrderAndDropDuplicates(@ForAll @Size(min = 1, max = 30) List<@From("fieldName") String> names) {
        List<String> available = new ArrayList<>(names);
        Map<String, String> map = new TreeMap<>();
        available.forEach(n -> map.put(n, "string; x"));
        List<String> resolved = FieldSelection.parse(String.join(" , ", names), "--fields").resolve("ds", map, w -> { });
        assertThat(resolved).isEqualTo(new ArrayList<>(new LinkedHashSet<>(names)));
    }

    @Property
    void intakeKeysSurviveUrlEncoding(@ForAll("intakeKey") String key) {
        String destination = Destination.build("https://intake.sekoia.io", key);
        assertThat(Destination.intakeKey(destination)).contains(key);
        assertThat(destination.substring(destination.indexOf('?') + 1)).doesNotContain(" ").doesNotContain("+")
                .matches("header_X-SEKOIAIO-INTAKE-KEY=[A-Za-z0-9%._*~-]*");
    }

    @Property
    void theMaskNeverRevealsMoreThanFourCharacters(@ForAll("intakeKey") String key) {
        String destination = Destination.build("https://intake.sekoia.io", key);
        String masked = Destination.mask(destination);
        String shown = masked.substring(masked.indexOf('=') + 1);
        assertThat(shown).endsWith("…");
        assertThat(shown.length()).isLessThanOrEqualTo(5);
        String encoded = destination.substring(destination.indexOf('=') + 1);
        if (encoded.length() >= 5) {
            assertThat(masked).doesNotContain(encoded.substring(0, 5));
        }
    }

    @Property
    void maskingHidesEverySensitiveParameter(@ForAll @StringLength(min = 16, max = 40) @From("fieldName") String secret) {
        String destination = "https://u:" + secret + "@logs.example.com/x?header_Authorization=Bearer%20" + secret
                + "&access-key-id=" + secret + "&tags=a";
        assertThat(Destination.mask(destination)).doesNotContain(secret.substring(0, Math.min(secret.length(), 8)))
                .endsWith("&tags=a");
    }

    @Property
    void theRedactorRemovesEveryForm(@ForAll("intakeKey") String secret, @ForAll String before,
                                     @ForAll String after) {
        if (secret.length() < 4) {
            return;
        }
        Redactor r = new Redactor();
        r.add(secret);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String text = before + secret + "|" + encoded + "|" + encoded.replace("+", "%20") + "|"
                + secret.replace("\\", "\\\\").replace("\"", "\\\"") + after;
        String redacted = r.redact(text);
        assertThat(redacted).doesNotContain(secret);
        assertThat(redacted).doesNotContain(encoded);
    }
}
