package org.jamesantispam.mailets;

import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.jamesantispam.core.spam.AddressList;
import org.jamesantispam.core.spam.ConfiguredSpamPolicy;
import org.jamesantispam.core.spam.LevelTable;
import org.jamesantispam.core.spam.RecipientVerdict;
import org.jamesantispam.core.spam.ScanResult;
import org.jamesantispam.core.spam.SpamJudge;
import org.jamesantispam.core.spam.SpamLevels;
import org.jamesantispam.core.spam.mail.SpamAttributes;
import org.jamesantispam.core.spamd.RuleHit;
import org.jamesantispam.core.spamd.SpamdEndpoint;
import org.jamesantispam.core.spamd.SpamdReply;

/**
 * Mails as ScoreWithSpamd leaves them: levels -999 / 3 / 5, DSN cut-off 10; {@code spammer@bad.test}
 * is block-listed; {@code example.test} is local.
 */
final class JudgedMails {
    private static final SpamLevels LEVELS = new SpamLevels(-999, 3.0, 5.0, 10.0);
    private static final SpamJudge JUDGE = new SpamJudge(new ConfiguredSpamPolicy(AddressList.empty(),
        AddressList.parse("block", "spammer@bad.test"), AddressList.empty(), AddressList.parse("local", ".example.test"),
        any -> false, LEVELS, LevelTable.empty()));

    private JudgedMails() {
    }

    static ScanResult scanned(double score, String... rules) {
        return ScanResult.scanned(new SpamdReply(score >= 5, score, 5.0, java.util.Arrays.stream(rules).map(RuleHit::named).toList(),
            new SpamdEndpoint("127.0.0.1", 783)), 20);
    }

    static FakeMail judged(String sender, ScanResult scan, MimeMessageBuilder message, String... recipients) throws MessagingException {
        FakeMail.Builder builder = FakeMail.builder().name("mail-1").recipients(recipients).mimeMessage(message)
            .remoteAddr("203.0.113.7");
        FakeMail mail = sender == null ? builder.build() : builder.sender(sender).build();
        List<RecipientVerdict> verdicts = new ArrayList<>();
        for (String recipient : recipients) {
            verdicts.add(JUDGE.judge(sender == null ? "" : sender, recipient, scan));
        }
        SpamAttributes.markStarted(mail, System.currentTimeMillis());
        SpamAttributes.storeVerdicts(mail, verdicts);
        return mail;
    }

    static MimeMessageBuilder spamMessage(String... extraHeaders) throws MessagingException {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder()
            .setSubject("Cheap pills").setText("buy now")
            .addHeader("Message-ID", "<spam-1@bad.test>")
            .addHeader("From", "Spammer <spammer@x.test>");
        for (int i = 0; i < extraHeaders.length; i += 2) {
            message.addHeader(extraHeaders[i], extraHeaders[i + 1]);
        }
        return message;
    }
}
