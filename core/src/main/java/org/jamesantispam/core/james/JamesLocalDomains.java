package org.jamesantispam.core.james;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.jamesantispam.core.restrictions.LocalDomains;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LocalDomains} on James' domain list; an unreadable domain list counts as "not local". */
public final class JamesLocalDomains implements LocalDomains {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesLocalDomains.class);

    private final DomainList domainList;

    public JamesLocalDomains(DomainList domainList) {
        this.domainList = domainList;
    }

    @Override
    public boolean isLocal(String domain) {
        try {
            return domainList.containsDomain(Domain.of(domain));
        } catch (DomainListException | IllegalArgumentException e) {
            LOGGER.warn("cannot tell whether {} is a local domain: {}", domain, e.getMessage());
            return false;
        }
    }
}
