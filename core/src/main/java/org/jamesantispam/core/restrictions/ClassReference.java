package org.jamesantispam.core.restrictions;

/**
 * The name of a restriction class used inside a restriction list: evaluates that class's list.
 * The class is looked up at evaluation time, so classes may refer to each other (a loop is cut
 * off at {@link #MAX_DEPTH} levels and answers {@code 451 4.3.5 Server configuration error}).
 */
public final class ClassReference implements Restriction {
    static final int MAX_DEPTH = 16;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final String name;
    private final RestrictionClasses classes;

    public ClassReference(String name, RestrictionClasses classes) {
        this.name = name;
        this.classes = classes;
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        Restriction restriction = classes.find(name).orElse(null);
        int[] depth = DEPTH.get();
        if (restriction == null || depth[0] >= MAX_DEPTH) {
            return Decision.refuse("restriction class " + name, new Reply(451, "4.3.5", "Server configuration error"));
        }
        depth[0]++;
        try {
            return restriction.evaluate(request);
        } finally {
            depth[0]--;
        }
    }
}
