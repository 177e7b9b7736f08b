package io.logpush.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.logpush.model.LogpushException;
import io.logpush.model.LogpushException.Kind;
import io.logpush.sekoia.Catalog;
import org.junit.jupiter.api.Test;

/** A field selection without HTTP: parsing all / sekoia / a list, and resolving it against what Cloudflare offers. */
class FieldSelectionTest {
    static Map<String, String> offered(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, "string; x");
        }
        return m;
    }

    static Kind kindOf(Runnable r) {
        try {
            r.run();
        } catch (LogpushException e) {
            return e.kind();
        }
        return null;
    }

    @Test
    void allAndSekoiaAreNotExplicitAListIsInOrderWithoutRepeats() {
        assertThat(FieldSelection.parse(null, "--fields")).isSameAs(FieldSelection.ALL);
        assertThat(FieldSelection.parse(" ALL ", "--fields")).isSameAs(FieldSelection.ALL);
        assertThat(FieldSelection.parse("Sekoia", "--fields").explicit()).isNull();
        assertThat(FieldSelection.ALL.explicit()).isNull();
        assertThat(FieldSelection.parse("RayID, ClientIP,,RayID", "--fields").explicit())
                .containsExactly("RayID", "ClientIP");
    }

    @Test
    void anEmptyListOrABadNameIsAUsageError() {
        assertThat(kindOf(() -> FieldSelection.parse(" , ", "--fields"))).isEqualTo(Kind.USAGE);
        assertThatThrownBy(() -> FieldSelection.parse(",", "'fields'")).hasMessageContaining("'fields'");
        assertThat(kindOf(() -> FieldSelection.parse("Ray ID", "--fields"))).isEqualTo(Kind.USAGE);
    }

    @Test
    void allIsEverythingOfferedSorted() {
        assertThat(FieldSelection.ALL.resolve("firewall_events", offered("b", "a", "c"), w -> { }))
                .containsExactly("a", "b", "c");
        assertThat(kindOf(() -> FieldSelection.ALL.resolve("firewall_events", Map.of(), w -> { })))
                .isEqualTo(Kind.FAILURE);
    }

    @Test
    void sekoiaIsTheParsersFieldsThatAreOfferedWithAWarningForTheOthers() {
        List<String> preset = Catalog.get().dataset("firewall_events").orElseThrow().fields();
        FieldSelection sekoia = FieldSelection.parse("sekoia", "--fields");
        List<String> warnings = new ArrayList<>();
        assertThat(sekoia.resolve("firewall_events", offered(preset.toArray(String[]::new)), warnings::add))
                .isEqualTo(preset);
        assertThat(warnings).isEmpty();

        List<String> some = preset.subList(0, 2);
        assertThat(sekoia.resolve("firewall_events", offered(some.toArray(String[]::new)), warnings::add))
                .isEqualTo(some);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains(preset.get(2));

        assertThat(kindOf(() -> sekoia.resolve("firewall_events", offered("Nothing"), w -> { })))
                .isEqualTo(Kind.FAILURE);
        assertThat(kindOf(() -> sekoia.resolve("no_such_dataset", offered("RayID"), w -> { })))
                .isEqualTo(Kind.USAGE);
    }

    @Test
    void aListResolvesToItselfAndAnUnknownNameNamesTheClosest() {
        FieldSelection list = FieldSelection.parse("ClientIP,RayID", "--fields");
        assertThat(list.resolve("firewall_events", offered("RayID", "ClientIP", "Action"), w -> { }))
                .containsExactly("ClientIP", "RayID");
        FieldSelection typo = FieldSelection.parse("ClientIp", "--fields");
        assertThatThrownBy(() -> typo.resolve("firewall_events", offered("RayID", "ClientIP"), w -> { }))
                .isInstanceOf(LogpushException.class).hasMessageContaining("ClientIp").hasMessageContaining("ClientIP");
        assertThat(kindOf(() -> typo.resolve("firewall_events", offered("RayID", "ClientIP"), w -> { })))
                .isEqualTo(Kind.USAGE);
    }
}
