package org.jamesantispam.core.restrictions;

/** Which domains this server receives mail for (James' domain list; Postfix {@code mydestination}). */
@FunctionalInterface
public interface LocalDomains {
    boolean isLocal(String domain);
}
