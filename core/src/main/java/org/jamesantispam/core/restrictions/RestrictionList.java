package org.jamesantispam.core.restrictions;

import java.util.List;

/**
 * An ordered list of restrictions, evaluated as Postfix does: the first restriction with an opinion
 * (anything but DUNNO) decides; when none has, the list answers DUNNO (the stage passes).
 */
public final class RestrictionList implements Restriction {
    private final String name;
    private final List<Restriction> restrictions;

    public RestrictionList(String name, List<Restriction> restrictions) {
        this.name = name;
        this.restrictions = List.copyOf(restrictions);
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        for (Restriction restriction : restrictions) {
            Decision decision = restriction.evaluate(request);
            if (decision.isFinal()) {
                return decision;
            }
        }
        return Decision.dunno();
    }

    public boolean isEmpty() {
        return restrictions.isEmpty();
    }

    public int size() {
        return restrictions.size();
    }

    @Override
    public String toString() {
        return name + " (" + restrictions.size() + " restrictions)";
    }
}
