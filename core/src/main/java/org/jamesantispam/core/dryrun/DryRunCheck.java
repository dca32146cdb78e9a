package org.jamesantispam.core.dryrun;

/**
 * One configured check (an SMTP hook or a mailet) able to evaluate a {@link DryRun} without side
 * effects: it reads the dry run's request and message, records what fired
 * ({@link DryRun#fire}) and decides recipients ({@link DryRun#decide}), and touches nothing
 * else: no delivery, no repository, no counter, no log above DEBUG. Implementations are immutable
 * (they hold the parsed configuration of their hook or mailet) and thread-safe.
 *
 * <p>Hooks and mailets register theirs in {@code init()} with
 * {@code ActiveComponents.register(DryRunCheck.class, name, check)}; the webadmin route
 * {@code POST /antispam/check} runs them all with {@link DryRunner}.
 */
public interface DryRunCheck {
    /** Where the check runs in the real flow; checks of one phase run in registration order. */
    DryRunPhase phase();

    /** Evaluates the check against {@code run}; called only while some recipient is still undecided. */
    void evaluate(DryRun run) throws Exception;
}
