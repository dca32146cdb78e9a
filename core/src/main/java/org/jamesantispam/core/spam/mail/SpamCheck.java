package org.jamesantispam.core.spam.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamFilterSettings;
import org.jamesantispam.core.spam.SpamJudge;
import org.jamesantispam.core.spam.SpamPolicy;
import org.jamesantispam.core.spam.SpamScanner;
import org.jamesantispam.core.spamd.Deadline;
import org.jamesantispam.core.stats.AntispamStatistics;

/**
 * Scans a {@link Mail} and judges each recipient: the work shared by the scoring mailet and the
 * end-of-DATA hook.
 * <ul>
 *   <li>Recipients whose sender is allow- or block-listed need no score; when all are listed,
 *       spamd is not asked at all.</li>
 *   <li>One scan per message, or one per distinct spamd user with {@code perUserPrefs}.</li>
 *   <li>Scan results already stored on the mail ({@link SpamAttributes#scans}, by the hook) are
 *       reused, so a message is scanned once.</li>
 *   <li>A message above {@code maxSize} is not serialised nor sent.</li>
 *   <li>What spamd sees is the message as received, preceded by {@code Return-Path: <sender>}
 *       in place of any Return-Path the message already carried, unless {@code returnPath} is
 *       false. That is what SpamAssassin gets behind Postfix + amavis (Postfix drops incoming
 *       Return-Path headers, {@code message_drop_headers}; amavis prepends the envelope sender),
 *       and SpamAssassin ignores every Return-Path as soon as one appears below a Received
 *       header, which a stale one always does: its envelope-sender rules
 *       ({@code HEADER_FROM_DIFFERENT_DOMAINS}, {@code FREEMAIL_ENVFROM_*}, ...) would not run.</li>
 * </ul>
 * Never throws for spamd problems (they become unchecked results); only an unreadable message
 * throws, and James then sends the mail to its error processor, so it is not lost.
 */
public final class SpamCheck {
    private final SpamFilterSettings settings;
    private final SpamJudge judge;
    private final SpamScanner scanner;
    private final AntispamStatistics statistics;

    public SpamCheck(SpamFilterSettings settings, SpamPolicy policy, SpamScanner scanner) {
        this(settings, policy, scanner, AntispamStatistics.detached());
    }

    /** @param statistics where each spamd scan's duration is recorded */
    public SpamCheck(SpamFilterSettings settings, SpamPolicy policy, SpamScanner scanner, AntispamStatistics statistics) {
        this.settings = Objects.requireNonNull(settings);
        this.judge = new SpamJudge(policy);
        this.scanner = Objects.requireNonNull(scanner);
        this.statistics = Objects.requireNonNull(statistics);
    }

    /**
     * What the check found: a verdict per recipient, the scan results it used by spamd user, and
     * which of those users' results were found stored on the mail rather than scanned now.
     */
    public record Outcome(List<RecipientVerdict> verdicts, Map<String, ScanResult> scans, java.util.Set<String> reused) {
    }

    public Outcome check(Mail mail, Deadline deadline) throws MessagingException {
        String sender = mail.getMaybeSender().asString("");
        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
        Map<String, ScanResult> stored = SpamAttributes.scans(mail);
        Map<String, ScanResult> scans = new LinkedHashMap<>();
        java.util.Set<String> reused = new java.util.HashSet<>();
        byte[] bytes = null;
        for (String recipient : recipients) {
            if (!judge.needsScan(sender, recipient)) {
                continue;
            }
            String user = settings.spamdUser(recipient).orElse("");
            if (scans.containsKey(user)) {
                continue;
            }
            ScanResult known = stored.get(user);
            if (known != null) {
                scans.put(user, known);
                reused.add(user);
                continue;
            }
            long size = mail.getMessageSize();
            if (size > scanner.maxSize()) {
                scans.put(user, ScanResult.tooBig(size, scanner.maxSize()));
                continue;
            }
            if (bytes == null) {
                bytes = bytesForSpamd(mail, sender);
            }
            byte[] message = bytes;
            scans.put(user, statistics.timeSpamdScan(() -> scanner.scan(message, user.isEmpty() ? Optional.empty() : Optional.of(user), deadline)));
        }
        List<RecipientVerdict> verdicts = new ArrayList<>();
        for (String recipient : recipients) {
            ScanResult scan = scans.get(settings.spamdUser(recipient).orElse(""));
            verdicts.add(judge.judge(sender, recipient, scan == null ? ScanResult.notScanned() : scan));
        }
        return new Outcome(verdicts, scans, reused);
    }

    private byte[] bytesForSpamd(Mail mail, String sender) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE, Math.max(1024, mail.getMessageSize() + 256)));
        try {
            if (settings.returnPath()) {
                out.write(("Return-Path: <" + sender + ">\r\n").getBytes(StandardCharsets.UTF_8));
                mail.getMessage().writeTo(out, new String[] {"Return-Path"});
            } else {
                mail.getMessage().writeTo(out);
            }
        } catch (IOException e) {
            throw new MessagingException("cannot read message " + mail.getName() + " for spamd", e);
        }
        return out.toByteArray();
    }
}
