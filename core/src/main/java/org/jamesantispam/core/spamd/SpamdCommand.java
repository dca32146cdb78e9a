package org.jamesantispam.core.spamd;

/**
 * The SPAMC/1.5 request used to scan a message. Both return the score and spamd's threshold in the
 * {@code Spam:} header; they differ in the body:
 * <ul>
 *   <li>{@link #SYMBOLS}: the names of the rules that hit, comma-separated (cheap, robust);</li>
 *   <li>{@link #REPORT}: spamd's report, whose table gives each rule with its score
 *       ({@code tests=[GTUBE=1000, ...]}, as amavis logs them). A site that rewrites the report
 *       template without the table yields the score with no rule names.</li>
 * </ul>
 * ({@code CHECK}, which James' own SpamAssassin client uses, gives no rule names at all.)
 */
public enum SpamdCommand {
    SYMBOLS,
    REPORT
}
