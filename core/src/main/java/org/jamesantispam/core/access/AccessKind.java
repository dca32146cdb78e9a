package org.jamesantispam.core.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jamesantispam.core.restrictions.SmtpRequest;

/**
 * What an access table is asked about: the four Postfix {@code check_*_access} restrictions, with
 * the wording of their replies ({@code <bob@spam.test>: Sender address rejected: Access denied}).
 */
public enum AccessKind {
    /** {@code check_client_access}: client host name (when known) and IP address. */
    CLIENT("client", "check_client_access", "Client host"),
    /** {@code check_helo_access}: the HELO/EHLO argument; no opinion before HELO. */
    HELO("helo", "check_helo_access", "Helo command"),
    /** {@code check_sender_access}: the MAIL FROM address ({@code <>} for the null sender); no opinion before MAIL. */
    SENDER("sender", "check_sender_access", "Sender address"),
    /** {@code check_recipient_access}: the RCPT TO address being checked; no opinion before RCPT. */
    RECIPIENT("recipient", "check_recipient_access", "Recipient address");

    private final String shortName;
    private final String restrictionName;
    private final String replyClass;

    AccessKind(String shortName, String restrictionName, String replyClass) {
        this.shortName = shortName;
        this.restrictionName = restrictionName;
        this.replyClass = replyClass;
    }

    /** {@code client}, {@code helo}, {@code sender}, {@code recipient}. */
    public String shortName() {
        return shortName;
    }

    /** The Postfix restriction, e.g. {@code check_sender_access}. */
    public String restrictionName() {
        return restrictionName;
    }

    /** What the reply says is refused, e.g. {@code Sender address}. */
    public String replyClass() {
        return replyClass;
    }

    /** The kind of a Postfix restriction name ({@code check_sender_access}), case-insensitive. */
    public static Optional<AccessKind> ofRestrictionName(String name) {
        return Arrays.stream(values()).filter(kind -> kind.restrictionName.equalsIgnoreCase(name)).findFirst();
    }

    /** The kind named {@code client}, {@code helo}, {@code sender} or {@code recipient}, case-insensitive. */
    public static Optional<AccessKind> ofShortName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.shortName.equals(lower)).findFirst();
    }

    /** The keys to look up for {@code request}; empty when the request does not have that part yet. */
    public Optional<AccessSubject> subject(SmtpRequest request) {
        switch (this) {
            case CLIENT:
                return Optional.of(new AccessSubject(AccessKeys.clientReplyName(request.client()), AccessKeys.forClient(request.client())));
            case HELO:
                return request.helo().filter(helo -> !helo.isEmpty())
                    .map(helo -> new AccessSubject(helo, AccessKeys.forHostName(helo)));
            case SENDER:
                return request.sender().map(sender -> new AccessSubject(sender, AccessKeys.forAddress(sender)));
            case RECIPIENT:
                return request.recipient().filter(recipient -> !recipient.isEmpty())
                    .map(recipient -> new AccessSubject(recipient, AccessKeys.forAddress(recipient)));
            default:
                throw new IllegalStateException(name());
        }
    }

    /**
     * Postfix's {@code smtpd_dsn_fix}: an address-related enhanced status ({@code X.1.Y}) given in a
     * table is turned into the sender form ({@code X.1.7}, {@code X.1.8}, {@code X.1.0}) when a sender
     * is refused, the recipient form ({@code X.1.1}..{@code X.1.6}) when a recipient is, and
     * {@code X.0.0} when a client or HELO is. Other statuses are kept. The class digit is the caller's.
     */
    public String fixEnhancedStatus(String status) {
        if (status.length() < 5 || !status.startsWith(".1.", 1)) {
            return status;
        }
        String detail = status.substring(4);
        char category = status.charAt(0);
        switch (this) {
            case SENDER:
                return category + switch (detail) {
                    case "1", "3", "4", "6", "7" -> ".1.7";
                    case "2", "8" -> ".1.8";
                    default -> ".1.0";
                };
            case RECIPIENT:
                return category + switch (detail) {
                    case "1", "2", "3", "4", "5", "6" -> ".1." + detail;
                    case "7" -> ".1.3";
                    case "8" -> ".1.2";
                    default -> ".1.0";
                };
            default:
                return category + ".0.0";
        }
    }
}
