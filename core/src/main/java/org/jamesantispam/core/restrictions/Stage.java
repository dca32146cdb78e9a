package org.jamesantispam.core.restrictions;

/**
 * The SMTP stages Postfix restriction lists belong to ({@code smtpd_client_restrictions},
 * {@code smtpd_helo_restrictions}, {@code smtpd_sender_restrictions},
 * {@code smtpd_recipient_restrictions}), with the words Postfix uses in its replies:
 * {@code <subject>: <Stage> rejected: <reason>}.
 */
public enum Stage {
    CLIENT("smtpd_client_restrictions", "Client host"),
    HELO("smtpd_helo_restrictions", "Helo command"),
    SENDER("smtpd_sender_restrictions", "Sender address"),
    RECIPIENT("smtpd_recipient_restrictions", "Recipient address");

    private final String parameter;
    private final String replyClass;

    Stage(String parameter, String replyClass) {
        this.parameter = parameter;
        this.replyClass = replyClass;
    }

    /** The Postfix parameter naming this stage's list, e.g. {@code smtpd_helo_restrictions}. */
    public String parameter() {
        return parameter;
    }

    /** {@code Client host}, {@code Helo command}, {@code Sender address}, {@code Recipient address}. */
    public String replyClass() {
        return replyClass;
    }

    /**
     * What a reply of this stage names between angle brackets: {@code unknown[192.0.2.1]} for the
     * client (no reverse lookup is made), the HELO name, the sender, the recipient.
     */
    public String subject(SmtpRequest request) {
        switch (this) {
            case CLIENT:
                return "unknown[" + request.clientIp() + "]";
            case HELO:
                return request.helo().orElse("");
            case SENDER:
                return request.sender().orElse("");
            default:
                return request.recipient().orElse("");
        }
    }

    /** {@code <subject>: Stage rejected: reason}, Postfix's reply text. */
    public String rejectionText(SmtpRequest request, String reason) {
        return "<" + subject(request) + ">: " + replyClass + " rejected: " + reason;
    }
}
