package io.logpush.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class FieldSelectionTest {
    @Test
    void closestPrefersACaseOnlyDifferenceThenEditDistance() {
        List<String> names = List.of("ClientIP", "ClientIPClass", "RayID", "OriginatorRayID");
        assertThat(FieldSelection.closest("ClientIp", names)).isEqualTo("ClientIP");
        assertThat(FieldSelection.closest("RayId", names)).isEqualTo("RayID");
        assertThat(FieldSelection.closest("RaiID", names)).isEqualTo("RayID");
        assertThat(FieldSelection.closest("Completely", names)).isNull();
    }
}
