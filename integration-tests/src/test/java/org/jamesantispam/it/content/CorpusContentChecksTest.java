package org.jamesantispam.it.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.jamesantispam.core.attachments.ArchiveLimits;
import org.jamesantispam.core.attachments.AttachmentInspector;
import org.jamesantispam.core.attachments.BannedNames;
import org.jamesantispam.core.attachments.Inspection;
import org.jamesantispam.core.content.ContentAction;
import org.jamesantispam.core.content.ContentChecks;
import org.jamesantispam.core.content.ContentEdits;
import org.jamesantispam.core.content.ContentHit;
import org.jamesantispam.core.content.ContentTable;
import org.jamesantispam.core.content.ContentVerdict;
import org.jamesantispam.core.content.Scope;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.Test;

/**
 * Every message of the full SpamAssassin corpus (6,046 real messages, some malformed) through the
 * content checks as James runs them (a {@code MimeMessage} read from the raw file), with the classes
 * of the drop-in jar: all four scopes in raw and decoded mode, the guide's tables, a table that edits
 * lines in every scope (then the edited message is read back), and the banned-attachment inspection.
 * Not one exception; every scope sees lines.
 */
class CorpusContentChecksTest {
    private static final String EVERY_LINE = String.join("\n",
        "/^Received:/ PREPEND X-Seen: yes",
        "/^X-Mailer:/ IGNORE",
        "/^Subject: (.*)/ REPLACE Subject: [checked] $1",
        "/^Content-Type:/ INFO",
        "/^--/ INFO",
        "/(.)/ DUNNO",
        "");

    private static Path corpus() {
        Path dir = Path.of(System.getProperty("antispam.corpus.dir", "../target/corpus")).resolve("full");
        assertThat(dir).as("the corpus: run ../shared/corpus/fetch-corpus.sh target/corpus (./test.sh does)").isDirectory();
        return dir;
    }

    @Test
    void everyMessageGoesThroughAllFourScopesWithoutException() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(corpus())) {
            files = list.sorted().toList();
        }
        Path conf = JamesConf.referenceDirectory();
        ContentTable header = ContentTable.load(conf.resolve("header_checks"), ContentAction::problem);
        ContentTable mime = ContentTable.load(conf.resolve("mime_header_checks"), ContentAction::problem);
        ContentTable body = ContentTable.load(conf.resolve("body_checks"), ContentAction::problem);
        ContentTable everyLine = ContentTable.parse("every-line", EVERY_LINE, ContentAction::problem);
        ContentChecks guideRaw = ContentChecks.builder().table(Scope.HEADER, header).table(Scope.MIME_HEADER, mime)
            .table(Scope.NESTED_HEADER, header).table(Scope.BODY, body).build();
        ContentChecks.Builder editing = ContentChecks.builder();
        ContentTable counting = ContentTable.parse("counting", "/^/ INFO\n", ContentAction::problem);
        ContentChecks.Builder countingBuilder = ContentChecks.builder();
        for (Scope scope : Scope.values()) {
            editing.table(scope, everyLine);
            countingBuilder.table(scope, counting);
        }
        ContentChecks edits = editing.build();
        ContentChecks countRaw = countingBuilder.build();
        ContentChecks countDecoded = countingBuilder.bodyMode(ContentChecks.BodyMode.DECODED).build();
        AttachmentInspector inspector = new AttachmentInspector(BannedNames.of(BannedNames.GUIDE_EXTENSIONS, Optional.empty()), ArchiveLimits.DEFAULTS);
        Session session = Session.getInstance(new Properties());

        Map<Scope, Long> linesPerScope = new EnumMap<>(Scope.class);
        Map<Scope, Long> decodedLinesPerScope = new EnumMap<>(Scope.class);
        List<String> failures = new ArrayList<>();
        int rejectedHam = 0;
        int rejectedSpam = 0;
        int banned = 0;
        int edited = 0;
        for (Path file : files) {
            try {
                byte[] raw = Files.readAllBytes(file);
                MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
                ContentVerdict guide = guideRaw.check(message);
                if (guide.rejection().isPresent()) {
                    if (file.getFileName().toString().startsWith("spam")) {
                        rejectedSpam++;
                    } else {
                        rejectedHam++;
                    }
                }
                count(countRaw.check(message), linesPerScope);
                count(countDecoded.check(message), decodedLinesPerScope);
                ContentVerdict verdict = edits.check(message);
                Optional<MimeMessage> changed = ContentEdits.apply(message, verdict);
                if (changed.isPresent()) {
                    edited++;
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    changed.get().writeTo(out);
                    MimeMessage reread = new MimeMessage(session, new ByteArrayInputStream(out.toByteArray()));
                    reread.getSubject();
                    assertThat(reread.getHeader("X-Mailer")).isNull();
                }
                if (inspector.inspect(message).outcome() == Inspection.Outcome.BANNED) {
                    banned++;
                }
            } catch (Throwable e) {
                failures.add(file.getFileName() + ": " + e);
            }
        }
        System.out.printf("corpus: %d messages; guide tables refuse %d spam, %d ham; %d edited; %d with banned names;%n"
            + "  lines per scope raw %s, decoded %s%n", files.size(), rejectedSpam, rejectedHam, edited, banned, linesPerScope, decodedLinesPerScope);
        assertThat(failures).isEmpty();
        assertThat(files).hasSize(6046);
        for (Scope scope : Scope.values()) {
            assertThat(linesPerScope.getOrDefault(scope, 0L)).as(scope.toString()).isPositive();
            assertThat(decodedLinesPerScope.getOrDefault(scope, 0L)).as(scope.toString()).isPositive();
        }
        assertThat(edited).isPositive();
    }

    private static void count(ContentVerdict verdict, Map<Scope, Long> counts) {
        for (ContentHit hit : verdict.hits()) {
            counts.merge(hit.scope(), 1L, Long::sum);
        }
    }
}
