package org.jamesantispam.core.access;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jamesantispam.core.access.AccessResult.Discard;
import org.jamesantispam.core.access.AccessResult.Dunno;
import org.jamesantispam.core.access.AccessResult.Hold;
import org.jamesantispam.core.access.AccessResult.Invalid;
import org.jamesantispam.core.access.AccessResult.Permit;
import org.jamesantispam.core.access.AccessResult.Refuse;
import org.jamesantispam.core.access.AccessResult.Restrictions;
import org.jamesantispam.core.access.AccessResult.Warn;
import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.Reply;
import org.jamesantispam.core.restrictions.Restriction;
import org.jamesantispam.core.restrictions.RestrictionClasses;
import org.jamesantispam.core.restrictions.SmtpRequest;
import org.jamesantispam.core.table.LookupTable;
import org.jamesantispam.core.table.ReloadingTable;
import org.jamesantispam.core.table.TableEntry;
import org.jamesantispam.core.table.TableOpener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix {@code check_client_access}, {@code check_helo_access}, {@code check_sender_access} and
 * {@code check_recipient_access}: looks the request up in an access table ({@link AccessKeys} gives
 * the keys and their order) and turns the first result found into a {@link Decision}:
 * <ul>
 *   <li>{@code OK} / {@code RELAY} / all digits: {@link Decision#permit};</li>
 *   <li>{@code DUNNO}: {@link Decision#dunno()}, and no shorter key is tried;</li>
 *   <li>{@code REJECT}, {@code DEFER}, {@code 4NN}, {@code 5NN}: {@link Decision#refuse} with
 *       Postfix's reply, e.g. {@code 554 5.7.1 <bob@spam.test>: Sender address rejected: Access denied},
 *       {@code 450 4.7.1 <unknown[192.0.2.1]>: Client host rejected: try later}; a text given in
 *       the table replaces {@code Access denied}; an enhanced status written first
 *       ({@code REJECT 5.7.2 text}) replaces {@code X.7.1};</li>
 *   <li>{@code DISCARD}, {@code HOLD}: {@link Decision#discard}, {@link Decision#hold} (text logged);</li>
 *   <li>{@code WARN text}: logged, {@link Decision#dunno()};</li>
 *   <li>restriction class names: each class ({@link RestrictionClasses}) is evaluated in turn
 *       and the first final decision is the answer. A name that is not defined (looked up when the
 *       table answers, since classes may be defined after tables) is logged once as an ERROR and
 *       answers {@code 451 4.3.5 Server configuration error}, as Postfix does; so does a result
 *       made unusable by {@code $n} substitution, and a class chain nested more than 100 deep.</li>
 * </ul>
 * The check's name, used by {@link Decision#check()}, is {@code check_sender_access hash:/path}.
 * Immutable and thread-safe (the table reloads itself).
 */
public final class CheckAccess implements Restriction {
    private static final Logger LOGGER = LoggerFactory.getLogger(CheckAccess.class);
    private static final Reply SERVER_CONFIGURATION_ERROR = new Reply(451, "4.3.5", "Server configuration error");
    private static final String DEFAULT_TEXT = "Access denied";
    private static final int MAX_NESTING = 100;
    private static final ThreadLocal<int[]> NESTING = ThreadLocal.withInitial(() -> new int[1]);

    private final AccessKind kind;
    private final String name;
    private final LookupTable table;
    private final RestrictionClasses classes;
    private final Set<String> reportedProblems = ConcurrentHashMap.newKeySet();

    /**
     * @param kind what is looked up
     * @param tableName the table as configured ({@code hash:/etc/james/sender_access}), for the check's name
     * @param table the table
     * @param classes where result names are looked up
     */
    public CheckAccess(AccessKind kind, String tableName, LookupTable table, RestrictionClasses classes) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = kind.restrictionName() + " " + Objects.requireNonNull(tableName, "tableName");
        this.table = Objects.requireNonNull(table, "table");
        this.classes = Objects.requireNonNull(classes, "classes");
    }

    /**
     * Opens {@code tableSpec} ({@code hash:/etc/james/sender_access}) with {@code opener}, checking
     * every result as an access result ({@link AccessResult#check}).
     *
     * @throws IllegalArgumentException for a bad specification, an unreadable file, or a bad line
     *     ({@code file:line: reason})
     */
    public static CheckAccess open(AccessKind kind, String tableSpec, TableOpener opener, RestrictionClasses classes) {
        ReloadingTable table = opener.open(tableSpec, AccessResult::check);
        return new CheckAccess(kind, table.spec().text(), table, classes);
    }

    /** {@code check_sender_access hash:/etc/james/sender_access}. */
    public String name() {
        return name;
    }

    public AccessKind kind() {
        return kind;
    }

    /**
     * The table's answer for {@code request}: the first key, in Postfix's order, the table has a
     * result for. Empty when the request lacks what this kind looks at (no HELO yet, ...) or no key
     * is in the table.
     */
    public Optional<AccessAnswer> lookup(SmtpRequest request) {
        Optional<AccessSubject> subject = kind.subject(request);
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        for (AccessKey key : subject.get().keys()) {
            if (key.partial() && !table.matchesPartialKeys()) {
                continue;
            }
            Optional<TableEntry> entry = table.find(key.text());
            if (entry.isPresent()) {
                return Optional.of(new AccessAnswer(key, entry.get(), parse(entry.get().result()), subject.get().replyName()));
            }
        }
        return Optional.empty();
    }

    private static AccessResult parse(String result) {
        try {
            return AccessResult.parse(result);
        } catch (IllegalArgumentException e) {
            return new Invalid(result, e.getMessage());
        }
    }

    @Override
    public Decision evaluate(SmtpRequest request) {
        return lookup(request).map(answer -> decide(answer, request)).orElse(Decision.dunno());
    }

    /**
     * The decision for an answer; restriction classes named by the answer are evaluated against
     * {@code request}.
     */
    /** INFO for real requests, DEBUG for dry runs. */
    private static void log(SmtpRequest request, String format, Object... arguments) {
        if (request.isDryRun()) {
            LOGGER.debug(format, arguments);
        } else {
            LOGGER.info(format, arguments);
        }
    }

    public Decision decide(AccessAnswer answer, SmtpRequest request) {
        AccessResult result = answer.result();
        if (result instanceof Permit) {
            return Decision.permit(name);
        }
        if (result instanceof Dunno) {
            return Decision.dunno();
        }
        if (result instanceof Refuse refuse) {
            return Decision.refuse(name, reply(refuse, answer.replyName()));
        }
        if (result instanceof Discard discard) {
            log(request, "{}: <{}>: {} triggers DISCARD action{} (line {})", name, answer.replyName(), kind.replyClass(),
                discard.text().isEmpty() ? "" : ": " + discard.text(), answer.entry().line());
            return Decision.discard(name);
        }
        if (result instanceof Hold hold) {
            log(request, "{}: <{}>: {} triggers HOLD action{} (line {})", name, answer.replyName(), kind.replyClass(),
                hold.text().isEmpty() ? "" : ": " + hold.text(), answer.entry().line());
            return Decision.hold(name);
        }
        if (result instanceof Warn warn) {
            if (request.isDryRun()) {
                LOGGER.debug("{}: <{}>: {} triggers WARN action{} (line {}); request {}", name, answer.replyName(), kind.replyClass(),
                    warn.text().isEmpty() ? "" : ": " + warn.text(), answer.entry().line(), request);
                return Decision.dunno();
            }
            LOGGER.warn("{}: <{}>: {} triggers WARN action{} (line {}); request {}", name, answer.replyName(), kind.replyClass(),
                warn.text().isEmpty() ? "" : ": " + warn.text(), answer.entry().line(), request);
            return Decision.dunno();
        }
        if (result instanceof Restrictions restrictions) {
            return evaluateClasses(restrictions, answer, request);
        }
        Invalid invalid = (Invalid) result;
        reportOnce("invalid result at line " + answer.entry().line(),
            "line " + answer.entry().line() + " gave '" + invalid.result() + "': " + invalid.reason());
        return Decision.refuse(name, SERVER_CONFIGURATION_ERROR);
    }

    /**
     * The reply for a refusal: {@code <replyName>: Sender address rejected: text}, code as given,
     * enhanced status as given (or {@code X.7.1}) adjusted like Postfix's {@code smtpd_dsn_fix}.
     */
    public Reply reply(Refuse refuse, String replyName) {
        char category = Integer.toString(refuse.code()).charAt(0);
        String status = kind.fixEnhancedStatus(refuse.enhancedStatus().orElse(category + ".7.1"));
        status = category + status.substring(1);
        String text = refuse.text().isEmpty() ? DEFAULT_TEXT : refuse.text();
        return new Reply(refuse.code(), status, "<" + replyName + ">: " + kind.replyClass() + " rejected: " + text);
    }

    private Decision evaluateClasses(Restrictions restrictions, AccessAnswer answer, SmtpRequest request) {
        int[] nesting = NESTING.get();
        if (nesting[0] >= MAX_NESTING) {
            reportOnce("nesting at line " + answer.entry().line(), "line " + answer.entry().line()
                + ": restriction classes nested more than " + MAX_NESTING + " deep (a class that names itself through a table?)");
            return Decision.refuse(name, SERVER_CONFIGURATION_ERROR);
        }
        nesting[0]++;
        try {
            for (String className : restrictions.names()) {
                Optional<Restriction> restriction = classes.find(className);
                if (restriction.isEmpty()) {
                    reportOnce("class " + className, "line " + answer.entry().line() + " names restriction class '"
                        + className + "', which is not defined (smtpd_restriction_classes)");
                    return Decision.refuse(name, SERVER_CONFIGURATION_ERROR);
                }
                Decision decision = restriction.get().evaluate(request);
                if (decision.isFinal()) {
                    return decision;
                }
            }
            return Decision.dunno();
        } finally {
            nesting[0]--;
        }
    }

    /** Logs {@code problem} the first time a problem of that {@code kind} is met. */
    private void reportOnce(String kind, String problem) {
        if (reportedProblems.add(kind)) {
            LOGGER.error("{}: server configuration error, answering {}: {}", name, SERVER_CONFIGURATION_ERROR.line(), problem);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
