package org.jamesantispam.core.restrictions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses a Postfix restriction list ({@code permit_mynetworks, reject_invalid_helo_hostname,
 * reject_rbl_client bl.example.test}): names separated by commas and/or white space, each followed
 * by as many arguments as its {@link Spec} takes. A name that is not a known restriction but a
 * defined restriction class becomes a {@link ClassReference}. Errors name the parameter, the word
 * and what is expected.
 */
public final class RestrictionListParser {
    /** How to build one restriction: how many words of arguments it takes, and from them the restriction. */
    public record Spec(int arity, Factory factory) {
    }

    @FunctionalInterface
    public interface Factory {
        /**
         * @throws IllegalArgumentException when an argument is invalid (the message says why)
         */
        Restriction create(Stage stage, List<String> arguments);
    }

    private final Map<String, Spec> specs;
    private final Set<String> classNames;
    private final RestrictionClasses classes;

    public RestrictionListParser(Map<String, Spec> specs, Set<String> classNames, RestrictionClasses classes) {
        this.specs = Map.copyOf(specs);
        this.classNames = Set.copyOf(classNames);
        this.classes = classes;
    }

    /**
     * @param parameter the configuration parameter, for messages (e.g. {@code smtpd_helo_restrictions})
     * @param stage the stage the list belongs to
     * @param text the list
     * @throws IllegalArgumentException on an unknown name, a missing or invalid argument
     */
    public RestrictionList parse(String parameter, Stage stage, String text) {
        String[] words = text == null ? new String[0] : text.trim().split("[,\\s]+");
        List<Restriction> restrictions = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.isEmpty()) {
                continue;
            }
            Spec spec = specs.get(word);
            if (spec == null) {
                if (!classNames.contains(word)) {
                    throw new IllegalArgumentException(parameter + ": unknown restriction '" + word + "'; expected one of "
                        + new TreeSet<>(specs.keySet()) + " or a restriction class " + new TreeSet<>(classNames));
                }
                restrictions.add(new ClassReference(word, classes));
                continue;
            }
            if (i + spec.arity() >= words.length) {
                throw new IllegalArgumentException(parameter + ": '" + word + "' needs " + spec.arity() + " argument(s)");
            }
            List<String> arguments = List.of(words).subList(i + 1, i + 1 + spec.arity());
            try {
                add(restrictions, spec.factory().create(stage, arguments));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(parameter + ": '" + word + " " + String.join(" ", arguments) + "': " + e.getMessage(), e);
            }
            i += spec.arity();
        }
        return new RestrictionList(parameter, restrictions);
    }

    /** Appends {@code next}, merged into the previous restriction when that one is {@link Mergeable}. */
    private static void add(List<Restriction> restrictions, Restriction next) {
        if (!restrictions.isEmpty() && restrictions.get(restrictions.size() - 1) instanceof Mergeable previous) {
            var merged = previous.mergeWith(next);
            if (merged.isPresent()) {
                restrictions.set(restrictions.size() - 1, merged.get());
                return;
            }
        }
        restrictions.add(next);
    }
}
