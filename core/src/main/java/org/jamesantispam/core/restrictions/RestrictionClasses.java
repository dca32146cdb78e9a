package org.jamesantispam.core.restrictions;

import java.util.Optional;

/**
 * Named restriction lists (Postfix {@code smtpd_restriction_classes}): an access table whose result
 * is a class name evaluates that class's list, e.g. per-recipient {@code permissive} /
 * {@code restrictive}. Looked up when the table answers, so classes may use tables that name
 * classes.
 */
@FunctionalInterface
public interface RestrictionClasses {
    /** The class named {@code name}, if one is defined. */
    Optional<Restriction> find(String name);

    /** No classes defined. */
    static RestrictionClasses none() {
        return name -> Optional.empty();
    }
}
