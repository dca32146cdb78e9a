package org.jamesantispam.core.restrictions;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a restriction can know of an SMTP transaction at the stage it is evaluated (Postfix's
 * "request attributes"): the client address, whether it is trusted ({@code mynetworks}), and, once
 * given, the HELO name, the envelope sender (empty string for the null sender {@code <>}) and the
 * recipient being checked. A {@linkplain #asDryRun() dry-run} request (webadmin's
 * {@code POST /antispam/check}) is evaluated like any other, but restrictions count and log nothing
 * above DEBUG for it.
 */
public final class SmtpRequest {
    private final InetAddress client;
    private final boolean trusted;
    private final String helo;
    private final String sender;
    private final String recipient;
    private final boolean dryRun;

    private SmtpRequest(InetAddress client, boolean trusted, String helo, String sender, String recipient) {
        this(client, trusted, helo, sender, recipient, false);
    }

    private SmtpRequest(InetAddress client, boolean trusted, String helo, String sender, String recipient, boolean dryRun) {
        this.client = Objects.requireNonNull(client, "client");
        this.trusted = trusted;
        this.helo = helo;
        this.sender = sender;
        this.recipient = recipient;
        this.dryRun = dryRun;
    }

    /** A request at connect time: only the client is known. */
    public static SmtpRequest connect(InetAddress client, boolean trusted) {
        return new SmtpRequest(client, trusted, null, null, null);
    }

    public SmtpRequest withHelo(String helo) {
        return new SmtpRequest(client, trusted, helo, sender, recipient, dryRun);
    }

    /** @param sender the envelope sender, {@code ""} for the null sender */
    public SmtpRequest withSender(String sender) {
        return new SmtpRequest(client, trusted, helo, sender, recipient, dryRun);
    }

    public SmtpRequest withRecipient(String recipient) {
        return new SmtpRequest(client, trusted, helo, sender, recipient, dryRun);
    }

    /** The same request, marked as a dry run: no statistics are counted for it, nothing logged above DEBUG. */
    public SmtpRequest asDryRun() {
        return new SmtpRequest(client, trusted, helo, sender, recipient, true);
    }

    /** Whether this request comes from a dry run rather than a real SMTP client. */
    public boolean isDryRun() {
        return dryRun;
    }

    public InetAddress client() {
        return client;
    }

    /** The client address as text, without brackets ({@code 192.0.2.1}, {@code 2001:db8::1}). */
    public String clientIp() {
        return client.getHostAddress();
    }

    /** Whether the client is in {@code mynetworks} (Postfix {@code permit_mynetworks}). */
    public boolean trusted() {
        return trusted;
    }

    public Optional<String> helo() {
        return Optional.ofNullable(helo);
    }

    /** The envelope sender once MAIL FROM was given; {@code ""} is the null sender. */
    public Optional<String> sender() {
        return Optional.ofNullable(sender);
    }

    public Optional<String> recipient() {
        return Optional.ofNullable(recipient);
    }

    @Override
    public String toString() {
        return "client=" + clientIp() + " helo=<" + (helo == null ? "" : helo) + "> from=<" + (sender == null ? "" : sender)
            + "> to=<" + (recipient == null ? "" : recipient) + ">";
    }
}
