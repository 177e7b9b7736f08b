package io.logpush.sekoia;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DestinationTest {
    @Test
    void buildsAndReadsBackTheKey() {
        String d = Destination.build("https://intake.fra2.sekoia.io/api/v1/intake-http/", "a b+c/d");
        assertThat(d).isEqualTo("https://intake.fra2.sekoia.io/api/v1/intake-http/plain/batch?"
                + "header_X-SEKOIAIO-INTAKE-KEY=a%20b%2Bc%2Fd");
        assertThat(Destination.intakeKey(d)).contains("a b+c/d");
        assertThat(Destination.base(d)).isEqualTo("https://intake.fra2.sekoia.io/api/v1/intake-http");
        assertThat(Destination.host(d)).isEqualTo("intake.fra2.sekoia.io");
    }

    @Test
    void masksHeaderValuesKeyLikeParametersAndUserInfo() {
        assertThat(Destination.mask("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY="
                + "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"))
                .isEqualTo("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=ABCD…");
        assertThat(Destination.mask("https://logs.example.com?header_Authorization=Basic%20REDACTEDxxxxxxxxxx&tags=a:b"))
                .isEqualTo("https://logs.example.com?header_Authorization=Basi…&tags=a:b");
        assertThat(Destination.mask("https://user:passwordpassword12345@h.example.com/x"))
                .isEqualTo("https://user…@h.example.com/x");
        assertThat(Destination.mask("s3://b/p?region=us-east-1&access-key-id=AKIA1234567890ABCDEF"))
                .isEqualTo("s3://b/p?region=us-east-1&access-key-id=AKIA…");
    }

    @Test
    void shortSecretsRevealNothing() {
        assertThat(Destination.mask("https://x.example?header_K=abcdefgh")).isEqualTo("https://x.example?header_K=…");
    }

    @Test
    void recognisesSekoiaDestinations() {
        assertThat(Destination.isSekoia("https://intake.sekoia.io/plain/batch?header_X-SEKOIAIO-INTAKE-KEY=k")).isTrue();
        assertThat(Destination.isSekoia("https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch")).isTrue();
        assertThat(Destination.isSekoia("https://proxy.example.com/x?header_X-SEKOIAIO-INTAKE-KEY=k")).isTrue();
        assertThat(Destination.isSekoia("https://evil-sekoia.io.example.com/x")).isFalse();
        assertThat(Destination.isSekoia("s3://bucket")).isFalse();
        assertThat(Destination.isSekoia(null)).isFalse();
    }

    @Test
    void catalogFindsTheRegionOfADestination() {
        assertThat(Catalog.get().regionOf("https://intake.usa1.sekoia.io/api/v1/intake-http/plain/batch?x=1"))
                .map(Catalog.Region::name).contains("usa1");
        assertThat(Catalog.get().regionOf("https://intake.sekoia.io/plain/batch")).map(Catalog.Region::name)
                .contains("fra1");
        assertThat(Catalog.get().regionOf("https://example.com/plain/batch")).isEmpty();
    }
}
