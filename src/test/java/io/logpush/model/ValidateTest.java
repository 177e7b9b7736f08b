package io.logpush.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ValidateTest {
    @Test
    void closestPrefersACaseOnlyDifferenceThenEditDistance() {
        List<String> names = List.of("ClientIP", "ClientIPClass", "RayID", "OriginatorRayID");
        assertThat(Validate.closest("ClientIp", names)).isEqualTo("ClientIP");
        assertThat(Validate.closest("RayId", names)).isEqualTo("RayID");
        assertThat(Validate.closest("RaiID", names)).isEqualTo("RayID");
        assertThat(Validate.closest("Completely", names)).isNull();
    }
}
