package io.logpush.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LogpullOptionsTest {
    @Test
    void parsesAndRebuildsUnchanged() {
        String s = "fields=RayID,ClientIP,EdgeStartTimestamp&timestamps=rfc3339&CVE-2021-44228=true&sample=10";
        LogpullOptions o = LogpullOptions.parse(s);
        assertThat(o.fields()).containsExactly("RayID", "ClientIP", "EdgeStartTimestamp");
        assertThat(o.timestamps()).contains("rfc3339");
        assertThat(o.toString()).isEqualTo(s);
    }

    @Test
    void rewritesOnlyWhatItIsAskedTo() {
        LogpullOptions o = LogpullOptions.parse("fields=A&timestamps=unix&CVE-2021-44228=true");
        assertThat(o.withTimestamps("unixnano").toString()).isEqualTo("fields=A&timestamps=unixnano&CVE-2021-44228=true");
        assertThat(o.withFields(List.of("B", "C")).toString()).isEqualTo("fields=B,C&timestamps=unix&CVE-2021-44228=true");
        assertThat(LogpullOptions.of(List.of("X"), "rfc3339").toString()).isEqualTo("fields=X&timestamps=rfc3339");
    }

    @Test
    void toleratesNullLeadingQuestionMarkAndBareFlags() {
        assertThat(LogpullOptions.parse(null).fields()).isEmpty();
        assertThat(LogpullOptions.parse("?fields=A&flag").toString()).isEqualTo("fields=A&flag");
        assertThat(LogpullOptions.parse("timestamps=unix").timestamps()).contains("unix");
    }
}
