package org.jamesantispam.it.bench;

import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.jamesantispam.core.attachments.BannedNames;
import org.jamesantispam.smtp.BannedAttachmentHook;
import org.jamesantispam.smtp.ContentChecksHook;

/**
 * Benchmark (not a test): CPU cost per message of the two end-of-DATA hooks of the reference
 * configuration, {@code ContentChecksHook} (the guide's header, MIME header and body tables of
 * {@code james-conf/}) and {@code BannedAttachmentHook} (the guide's extensions), in process, on
 * one thread, over the 600-message bench set. Each message is handed to the hooks as James hands
 * it at the end of DATA: a {@link MailImpl} over a {@link MimeMessageInputStreamSource} holding the
 * received bytes. Prints, per round, the mean microseconds per message of each hook (and of making
 * the mail, for scale); the first rounds warm the JIT up. Run by {@code scripts/bench-hooks.sh}.
 *
 * <pre>java ... EndOfDataHooksBench CORPUS_DIR/bench JAMES_CONF_DIR [rounds]</pre>
 */
public final class EndOfDataHooksBench {
    private EndOfDataHooksBench() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "target/corpus/bench");
        Path conf = Path.of(args.length > 1 ? args[1] : "james-conf");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                messages.add(Files.readAllBytes(file));
            }
        }
        ContentChecksHook content = new ContentChecksHook();
        BaseHierarchicalConfiguration contentConf = new BaseHierarchicalConfiguration();
        contentConf.addProperty("headerChecks", conf.resolve("header_checks").toString());
        contentConf.addProperty("mimeHeaderChecks", conf.resolve("mime_header_checks").toString());
        contentConf.addProperty("bodyChecks", conf.resolve("body_checks").toString());
        content.init(contentConf);
        BannedAttachmentHook banned = new BannedAttachmentHook();
        BaseHierarchicalConfiguration bannedConf = new BaseHierarchicalConfiguration();
        bannedConf.addProperty("extensions", String.join(" ", BannedNames.GUIDE_EXTENSIONS));
        bannedConf.addProperty("onLimit", "unchecked");
        banned.init(bannedConf);
        SMTPSession session = session();
        MailAddress recipient = new MailAddress("alice@example.test");

        System.out.printf(Locale.ROOT, "bench set: %d messages from %s; JVM %s; one thread; microseconds per message%n",
            messages.size(), corpus, System.getProperty("java.version"));
        for (int round = 0; round < rounds; round++) {
            long making = 0;
            long contentNanos = 0;
            long bannedNanos = 0;
            for (byte[] raw : messages) {
                long t0 = System.nanoTime();
                MimeMessageInputStreamSource source = MimeMessageInputStreamSource.create("bench");
                try (OutputStream out = source.getWritableOutputStream()) {
                    out.write(raw);
                }
                MailImpl mail = MailImpl.builder().name("bench").sender("sender@example.org").addRecipient(recipient).build();
                mail.setMessageContent(source);
                long t1 = System.nanoTime();
                content.onMessage(session, mail);
                long t2 = System.nanoTime();
                banned.onMessage(session, mail);
                long t3 = System.nanoTime();
                making += t1 - t0;
                contentNanos += t2 - t1;
                bannedNanos += t3 - t2;
                mail.dispose();
            }
            System.out.printf(Locale.ROOT, "round %2d: ContentChecksHook %6.1f, BannedAttachmentHook %6.1f (making the mail %5.1f)%n", round,
                contentNanos / 1e3 / messages.size(), bannedNanos / 1e3 / messages.size(), making / 1e3 / messages.size());
        }
    }

    /** The little of an SMTP session the two hooks read: the client address and no HELO name. */
    private static SMTPSession session() {
        InetSocketAddress client = new InetSocketAddress("127.0.0.10", 40000);
        return (SMTPSession) Proxy.newProxyInstance(SMTPSession.class.getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, arguments) -> switch (method.getName()) {
                case "getRemoteAddress" -> client;
                case "getAttachment" -> Optional.empty();
                case "toString" -> "bench session";
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }
}
