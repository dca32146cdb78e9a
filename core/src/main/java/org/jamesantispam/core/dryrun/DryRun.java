package org.jamesantispam.core.dryrun;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.mail.SpamAttributes;

/**
 * The state of one dry run (webadmin {@code POST /antispam/check}): the SMTP request a client would
 * make (address, HELO, sender, recipients) and its message, what fired so far and which recipients
 * are decided. {@link DryRunCheck}s read and update it, one after the other, on one thread; it is
 * never shared between runs. Nothing here delivers or stores anything: the mails handed to checks
 * ({@link #mail()}) are throw-away copies.
 */
public final class DryRun {
    /** A transaction-wide decision of an SMTP restriction (DISCARD or HOLD), applied later in the flow. */
    public record Mark(String component, String check) {
    }

    private final InetAddress client;
    private final String helo;
    private final String sender;
    private final boolean relayingAllowed;
    private final byte[] message;
    private final DryRunMailFactory mails;
    private final Map<String, RecipientOutcome> recipients = new LinkedHashMap<>();
    private final List<FiredCheck> fired = new ArrayList<>();
    private final Map<String, ScanResult> scans = new LinkedHashMap<>();
    private final Map<String, RecipientVerdict> verdicts = new LinkedHashMap<>();
    private final Map<String, String> quarantined = new LinkedHashMap<>();
    private Mark discard;
    private Mark hold;

    /**
     * @param client the client's address
     * @param helo the HELO/EHLO name, null when none was given
     * @param sender the envelope sender, {@code ""} for the null sender
     * @param recipients the envelope recipients, at least one
     * @param relayingAllowed whether James' {@code authorizedAddresses} would trust the client
     * @param message the raw message (headers, blank line, body)
     * @param mails builds the mails checks read
     */
    public DryRun(InetAddress client, String helo, String sender, List<String> recipients, boolean relayingAllowed,
                  byte[] message, DryRunMailFactory mails) {
        this.client = Objects.requireNonNull(client, "client");
        this.helo = helo;
        this.sender = Objects.requireNonNull(sender, "sender");
        this.relayingAllowed = relayingAllowed;
        this.message = Objects.requireNonNull(message, "message").clone();
        this.mails = Objects.requireNonNull(mails, "mails");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a dry run needs at least one recipient");
        }
        recipients.forEach(recipient -> this.recipients.put(recipient, null));
    }

    public InetAddress client() {
        return client;
    }

    public String clientIp() {
        return client.getHostAddress();
    }

    public Optional<String> helo() {
        return Optional.ofNullable(helo);
    }

    /** The envelope sender, {@code ""} for the null sender. */
    public String sender() {
        return sender;
    }

    /** Whether James' {@code authorizedAddresses} trusts the client (hooks without {@code mynetworks} ask this). */
    public boolean relayingAllowed() {
        return relayingAllowed;
    }

    /** The recipients nothing has decided yet, in envelope order (recipients added by rules last). */
    public List<String> openRecipients() {
        List<String> open = new ArrayList<>();
        recipients.forEach((recipient, outcome) -> {
            if (outcome == null) {
                open.add(recipient);
            }
        });
        return open;
    }

    public boolean hasOpenRecipients() {
        return recipients.containsValue(null);
    }

    /** Decides {@code outcome.recipient()} unless it is already decided (the first decision is final, as in the real flow). */
    public void decide(RecipientOutcome outcome) {
        if (recipients.containsKey(outcome.recipient()) && recipients.get(outcome.recipient()) == null) {
            recipients.put(outcome.recipient(), outcome);
        }
    }

    /** A recipient a rule added (REDIRECT, BCC): evaluated by the checks after that rule. */
    public void addRecipient(String recipient) {
        recipients.putIfAbsent(recipient, null);
    }

    public void fire(FiredCheck check) {
        fired.add(Objects.requireNonNull(check));
    }

    public List<FiredCheck> fired() {
        return List.copyOf(fired);
    }

    /** A new throw-away mail for the open recipients, carrying the scans already made (so a later scorer reuses them). */
    public Mail mail() throws MessagingException {
        Mail mail = mails.create(sender, openRecipients(), message, clientIp());
        if (!scans.isEmpty()) {
            SpamAttributes.storeScans(mail, scans);
        }
        return mail;
    }

    /** The size of the raw message in bytes. */
    public int messageSize() {
        return message.length;
    }

    /** An SMTP restriction answered DISCARD: the message is dropped once accepted, at the end of DATA. */
    public void markDiscard(String component, String check) {
        if (discard == null) {
            discard = new Mark(component, check);
        }
    }

    /** An SMTP restriction answered HOLD: the pipeline keeps the message aside. */
    public void markHold(String component, String check) {
        if (hold == null) {
            hold = new Mark(component, check);
        }
    }

    public Optional<Mark> discardMark() {
        return Optional.ofNullable(discard);
    }

    public Optional<Mark> holdMark() {
        return Optional.ofNullable(hold);
    }

    /** Scan results by spamd user ({@code ""}: one scan for all), as {@code SpamCheck} returns them. */
    public void storeScans(Map<String, ScanResult> results) {
        scans.putAll(results);
    }

    public Map<String, ScanResult> scans() {
        return Map.copyOf(scans);
    }

    /** The scan of the message, the first one made (one per spamd user with per-user preferences). */
    public Optional<ScanResult> firstScan() {
        return scans.values().stream().findFirst();
    }

    public void storeVerdicts(List<RecipientVerdict> results) {
        results.forEach(verdict -> verdicts.put(verdict.recipient(), verdict));
    }

    public Optional<RecipientVerdict> verdict(String recipient) {
        return Optional.ofNullable(verdicts.get(recipient));
    }

    /** The open recipients for whom the message is spam to block (what {@code IsBlockedSpam} matches). */
    public List<String> blockedRecipients() {
        return openRecipients().stream().filter(recipient -> verdict(recipient).map(RecipientVerdict::isBlocked).orElse(false)).toList();
    }

    /** The verdicts of the open recipients (what the spam destiny reads). */
    public List<RecipientVerdict> verdictsOf(List<String> recipients) {
        return recipients.stream().map(verdicts::get).filter(Objects::nonNull).toList();
    }

    public void markQuarantined(String recipient, String where) {
        quarantined.putIfAbsent(recipient, where);
    }

    /** Where the message would be quarantined for {@code recipient}, if it would. */
    public Optional<String> quarantine(String recipient) {
        return Optional.ofNullable(quarantined.get(recipient));
    }

    /** Every recipient with its outcome; undecided ones delivered. */
    public List<RecipientOutcome> outcomes() {
        List<RecipientOutcome> result = new ArrayList<>();
        recipients.forEach((recipient, outcome) -> result.add(outcome == null ? RecipientOutcome.delivered(recipient) : outcome));
        return result;
    }
}
