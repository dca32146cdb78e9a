package org.jamesantispam.core.restrictions;

import java.util.Optional;

/**
 * A restriction that can absorb the one written right after it in a list, when the two together
 * decide exactly as one after the other but cost less: consecutive {@code reject_rbl_client zone}
 * entries become one lookup querying all their zones in parallel, bounded by one timeout.
 */
public interface Mergeable extends Restriction {
    /** The restriction doing the work of {@code this} followed by {@code next}, if they combine. */
    Optional<Restriction> mergeWith(Restriction next);
}
