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
 * lists for a dry run...), keyed by its kind and by its owner (the mailet or hook name). James
 * initialises each hook and mailet instance once; two instances with the same name (the same mailet
 * class in two processors) are both kept, the second as {@code "NAME (2)"}.
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

    /**
     * Registers {@code component} of {@code kind} for {@code owner}; an owner name already taken for
     * this kind gets a suffix ({@code " (2)"}, {@code " (3)"}...).
     *
     * @return the name it is registered under
     */
    public synchronized <T> String register(Class<T> kind, String owner, T component) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(component, "component");
        Map<String, Object> components = byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        String name = owner;
        for (int n = 2; components.containsKey(name); n++) {
            name = owner + " (" + n + ")";
        }
        components.put(name, component);
        return name;
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
