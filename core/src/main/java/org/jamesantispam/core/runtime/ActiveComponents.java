package org.jamesantispam.core.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.inject.Singleton;

/**
 * What the running server has configured, shared between the SMTP hooks, the mailets and the
 * webadmin routes of one James: each hook or mailet registers, in its {@code init()}, the parsed
 * configuration the routes need (the quarantine repository, the spamd endpoints, the restriction
 * lists for a dry run...), keyed by its kind and by its owner (the mailet or hook name), so a
 * second {@code init()} of the same owner replaces the first.
 *
 * <p>One instance per James server: James builds hooks, mailets and routes with the same Guice
 * injector, which creates this {@link Singleton} once (a just-in-time binding without
 * dependencies lives in the root injector). Thread-safe; registration order is kept (the order
 * James initialised the components: SMTP hooks in {@code smtpserver.xml} order, mailets in
 * {@code mailetcontainer.xml} order).
 */
@Singleton
public final class ActiveComponents {
    private final Map<Class<?>, Map<String, Object>> byKind = new LinkedHashMap<>();

    /** Registers (or replaces) {@code component} of {@code kind} for {@code owner}. */
    public synchronized <T> void register(Class<T> kind, String owner, T component) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(component, "component");
        byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(owner, component);
    }

    /** Every registered component of {@code kind}, in registration order. */
    public synchronized <T> List<T> all(Class<T> kind) {
        List<T> result = new ArrayList<>();
        byKind.getOrDefault(kind, Map.of()).values().forEach(component -> result.add(kind.cast(component)));
        return List.copyOf(result);
    }

    /** Every registered component of {@code kind} by owner, in registration order. */
    public synchronized <T> Map<String, T> byOwner(Class<T> kind) {
        Map<String, T> result = new LinkedHashMap<>();
        byKind.getOrDefault(kind, Map.of()).forEach((owner, component) -> result.put(owner, kind.cast(component)));
        return result;
    }
}
