package org.jamesantispam.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ActiveComponentsTest {
    private final ActiveComponents components = new ActiveComponents();

    @Test
    void componentsAreKeptByKindInRegistrationOrder() {
        components.register(String.class, "first", "a");
        components.register(Integer.class, "other kind", 1);
        components.register(String.class, "second", "b");

        assertThat(components.all(String.class)).containsExactly("a", "b");
        assertThat(components.all(Integer.class)).containsExactly(1);
        assertThat(components.all(Long.class)).isEmpty();
    }

    @Test
    void twoInstancesWithTheSameNameAreBothKept() {
        assertThat(components.register(String.class, "Quarantine", "spam")).isEqualTo("Quarantine");
        assertThat(components.register(String.class, "Quarantine", "held")).isEqualTo("Quarantine (2)");
        assertThat(components.register(String.class, "Quarantine", "banned")).isEqualTo("Quarantine (3)");

        Map<String, String> byOwner = components.byOwner(String.class);
        assertThat(List.copyOf(byOwner.keySet())).containsExactly("Quarantine", "Quarantine (2)", "Quarantine (3)");
        assertThat(List.copyOf(byOwner.values())).containsExactly("spam", "held", "banned");
    }
}
