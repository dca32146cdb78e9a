package org.jamesantispam.core.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.activation.DataHandler;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.jamesantispam.core.attachments.Inspection.Outcome;
import org.junit.jupiter.api.Test;

class AttachmentInspectorTest {
    private static final BannedNames GUIDE = BannedNames.of(BannedNames.GUIDE_EXTENSIONS, Optional.empty());
    private final AttachmentInspector inspector = new AttachmentInspector(GUIDE, ArchiveLimits.DEFAULTS);

    static byte[] zip(Object... nameThenContent) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < nameThenContent.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) nameThenContent[i]));
                zip.write((byte[]) nameThenContent[i + 1]);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A zip whose entries are STORED with sizes in the local header (no data descriptor). */
    static byte[] storedZip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(name);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] tarGz(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static MimeMessage message(String fileName, byte[] content) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("files");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("see attached");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(content, "application/octet-stream")));
        file.setFileName(fileName);
        message.setContent(new MimeMultipart(text, file));
        message.saveChanges();
        return reparse(message);
    }

    static MimeMessage reparse(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return raw(out.toString(StandardCharsets.ISO_8859_1));
    }

    static MimeMessage raw(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void eachGuideExtensionIsBannedAndOthersAreNot() throws Exception {
        for (String extension : BannedNames.GUIDE_EXTENSIONS) {
            assertThat(inspector.inspect(message("invoice." + extension, new byte[] {1, 2})))
                .as(extension).isEqualTo(Inspection.banned("invoice." + extension));
        }
        assertThat(inspector.inspect(message("report.pdf", new byte[] {1}))).isEqualTo(Inspection.CLEAN);
        assertThat(GUIDE.isBanned("setup.EXE. ")).isTrue();
        assertThat(GUIDE.isBanned("C:\\tmp\\x.vbs")).isTrue();
        assertThat(GUIDE.isBanned("exe")).isFalse();
        assertThat(GUIDE.isBanned("notes.exe.txt")).isFalse();
    }

    @Test
    void exeInsideZipAndZipInZipAreBanned() throws Exception {
        byte[] inner = zip("readme.txt", "hi".getBytes(), "setup.exe", new byte[] {77, 90});
        assertThat(inspector.inspect(message("invoice.zip", inner))).isEqualTo(Inspection.banned("setup.exe in invoice.zip"));
        byte[] outer = zip("docs/inner.zip", inner);
        assertThat(inspector.inspect(message("bundle.zip", outer))).isEqualTo(Inspection.banned("setup.exe in docs/inner.zip in bundle.zip"));
        assertThat(inspector.inspect(message("clean.zip", zip("a.txt", "x".getBytes())))).isEqualTo(Inspection.CLEAN);
    }

    @Test
    void archivesAreRecognisedByContentNotName() throws Exception {
        byte[] renamed = zip("run.pif", new byte[] {1});
        assertThat(inspector.inspect(message("holiday.jpg", renamed)).outcome()).isEqualTo(Outcome.BANNED);
    }

    @Test
    void tarGzIsOpened() throws Exception {
        assertThat(inspector.inspect(message("backup.tgz", tarGz("bin/tool.com", new byte[] {1}))))
            .isEqualTo(Inspection.banned("bin/tool.com in backup.tar in backup.tgz"));
        assertThat(inspector.inspect(message("backup.tar.gz", tarGz("notes.txt", new byte[] {1})))).isEqualTo(Inspection.CLEAN);
    }

    @Test
    void rfc2231AndRfc2047NamesAreDecoded() throws Exception {
        String rfc2231 = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n filename*0*=utf-8''%E2%82%AC-rate;\r\n filename*1=\".exe\"\r\n\r\nAAAA\r\n--b--\r\n";
        assertThat(inspector.inspect(raw(rfc2231))).isEqualTo(Inspection.banned("€-rate.exe"));
        String encodedWord = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: application/octet-stream; name=\"=?UTF-8?B?" + Base64.getEncoder().encodeToString("фактура.scr.hta".getBytes(StandardCharsets.UTF_8))
            + "?=\"\r\n\r\nAAAA\r\n--b--\r\n";
        assertThat(inspector.inspect(raw(encodedWord))).isEqualTo(Inspection.banned("фактура.scr.hta"));
        String twoNames = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: application/pdf; name=\"fine.pdf\"\r\nContent-Disposition: attachment; filename=\"evil.bat\"\r\n\r\nAAAA\r\n--b--\r\n";
        assertThat(inspector.inspect(raw(twoNames))).isEqualTo(Inspection.banned("evil.bat"));
    }

    @Test
    void attachedMessagesAreSearched() throws Exception {
        MimeMessage inner = message("evil.dll", new byte[] {1});
        ByteArrayOutputStream innerBytes = new ByteArrayOutputStream();
        inner.writeTo(innerBytes);
        String outer = "Subject: fwd\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n"
            + "Content-Type: message/rfc822\r\n\r\n" + innerBytes.toString(StandardCharsets.ISO_8859_1) + "\r\n--o--\r\n";
        assertThat(inspector.inspect(raw(outer))).isEqualTo(Inspection.banned("evil.dll"));
    }

    @Test
    void tooManyEntriesIsUncheckedAndTheOperatorDecides() throws Exception {
        Object[] entries = new Object[2 * 30];
        for (int i = 0; i < 30; i++) {
            entries[2 * i] = "file" + i + ".txt";
            entries[2 * i + 1] = new byte[] {1};
        }
        AttachmentInspector strict = new AttachmentInspector(GUIDE, new ArchiveLimits(5, 10, 1_000_000));
        Inspection inspection = strict.inspect(message("many.zip", zip(entries)));
        assertThat(inspection.outcome()).isEqualTo(Outcome.UNCHECKED);
        assertThat(inspection.detail()).isEqualTo("many.zip: more than 10 archive entries");
        assertThat(inspection.verdict(OnLimit.BANNED)).isEqualTo(Outcome.BANNED);
        assertThat(inspection.verdict(OnLimit.UNCHECKED)).isEqualTo(Outcome.UNCHECKED);
    }

    @Test
    void zipBombStopsAtTheExpansionLimit() throws Exception {
        byte[] zeros = new byte[20 * 1024 * 1024];
        byte[] bomb = zip("a.zip", zip("b.bin", zeros), "c.zip", zip("d.bin", zeros));
        assertThat(bomb.length).isLessThan(200_000);
        AttachmentInspector limited = new AttachmentInspector(GUIDE, new ArchiveLimits(5, 1000, 10L * 1024 * 1024));
        Inspection inspection = limited.inspect(message("bomb.zip", bomb));
        assertThat(inspection.outcome()).isEqualTo(Outcome.UNCHECKED);
        assertThat(inspection.detail()).contains("bytes decompressed");
    }

    @Test
    void deepNestingIsUnchecked() throws Exception {
        byte[] archive = zip("core.txt", "x".getBytes());
        for (int i = 0; i < 4; i++) {
            archive = zip("level" + i + ".zip", archive);
        }
        AttachmentInspector shallow = new AttachmentInspector(GUIDE, new ArchiveLimits(3, 1000, 1_000_000));
        Inspection inspection = shallow.inspect(message("deep.zip", archive));
        assertThat(inspection.outcome()).isEqualTo(Outcome.UNCHECKED);
        assertThat(inspection.detail()).contains("archives nested deeper than 3");
        assertThat(inspector.inspect(message("deep.zip", archive))).isEqualTo(Inspection.CLEAN);
    }

    @Test
    void aBannedNameElsewhereWinsOverALimit() throws Exception {
        AttachmentInspector strict = new AttachmentInspector(GUIDE, new ArchiveLimits(0, 1, 1));
        MimeMessage message = message("a.zip", zip("x.txt", new byte[] {1}));
        assertThat(strict.inspect(message)).isEqualTo(Inspection.CLEAN);
        MimeMessage two = new MimeMessage(Session.getInstance(new Properties()));
        MimeBodyPart archive = new MimeBodyPart();
        archive.setDataHandler(new DataHandler(new ByteArrayDataSource(zip("x.txt", new byte[] {1}, "y.txt", new byte[] {2}), "application/zip")));
        archive.setFileName("a.zip");
        MimeBodyPart exe = new MimeBodyPart();
        exe.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[] {1}, "application/octet-stream")));
        exe.setFileName("b.exe");
        two.setContent(new MimeMultipart(archive, exe));
        two.saveChanges();
        AttachmentInspector oneEntry = new AttachmentInspector(GUIDE, new ArchiveLimits(5, 1, 1000));
        assertThat(oneEntry.inspect(reparse(two))).isEqualTo(Inspection.banned("b.exe"));
    }

    @Test
    void encryptedEntriesAreJudgedByName() throws Exception {
        assertThat(inspector.inspect(message("secret.zip", encrypt(storedZip("payload.exe", new byte[] {9, 9})))))
            .isEqualTo(Inspection.banned("payload.exe in secret.zip"));
        assertThat(inspector.inspect(message("secret.zip", encrypt(storedZip("data.bin", new byte[] {9, 9})))))
            .isEqualTo(Inspection.CLEAN);
    }

    @Test
    void damagedArchivesAndMimeAreUncheckedNeverThrown() throws Exception {
        byte[] truncated = java.util.Arrays.copyOf(zip("a.txt", "hello hello hello".getBytes(), "b.txt", new byte[1000]), 60);
        assertThat(inspector.inspect(message("broken.zip", truncated)).outcome()).isEqualTo(Outcome.UNCHECKED);
        assertThat(inspector.inspect(raw("Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n")).outcome()).isNotNull();
        assertThat(inspector.inspect(raw("Content-Type: text/plain\r\nContent-Transfer-Encoding: x-bogus\r\n\r\nPK\u0003\u0004")).outcome()).isNotNull();
    }

    /** Sets the "encrypted" flag of every entry (local and central headers): names stay readable, data does not. */
    @Test
    void textOnlyStructureWithoutAFileNameIsTheCheapCleanPathAndNothingElseIs() throws Exception {
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Subject: hi\r\n\r\nhello\r\n"))).isTrue();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Subject: hi\r\nContent-Type: TEXT/html; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>hello</p>\r\n"))).isTrue();
        assertThat(inspector.inspect(raw("Subject: hi\r\n\r\nhello\r\n"))).isEqualTo(Inspection.CLEAN);

        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: text/plain; name=\"a.txt\"\r\n\r\nhello\r\n"))).isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: text/plain\r\nContent-Disposition: inline; filename=a.txt\r\n\r\nx\r\n")))
            .isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n")))
            .isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: text/plain\r\nContent-Type: application/zip\r\n\r\nx\r\n")))
            .as("two Content-Type headers, one not text").isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: application/octet-stream\r\n\r\nx\r\n"))).isFalse();

        String alternative = "Content-Type: multipart/alternative; boundary=b\r\n\r\npreamble\r\n--b\r\n\r\nplain\r\n"
            + "--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>html</p>\r\n--b--\r\n";
        assertThat(AttachmentInspector.cannotHoldAFile(raw(alternative))).as("multipart/alternative of text parts").isTrue();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\n" + alternative
            + "--o--\r\n"))).as("nested multiparts of text parts").isTrue();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n"
            + "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment;\r\n filename=\"a.txt\"\r\n\r\ny\r\n--b--\r\n")))
            .as("a part with a folded file name").isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n"
            + "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n--b--\r\n")))
            .as("a base64 text part").isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nx\r\n--b--\r\n"))).as("an attached message").isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: multipart/digest; boundary=b\r\n\r\n--b\r\n\r\n"
            + "Subject: inner\r\n\r\nx\r\n--b--\r\n"))).as("a digest: its parts are messages by default").isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: multipart/mixed\r\n\r\n--b\r\n"
            + "Content-Type: application/zip\r\n\r\nPK\r\n--b--\r\n"))).as("a multipart without its boundary").isFalse();
        assertThat(AttachmentInspector.cannotHoldAFile(raw("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: image/gif\r\n\r\nGIF89a\r\n--b--\r\n"))).as("a non-text leaf").isFalse();
    }

    @Test
    void anExeDeclaredAsTextWithAFileNameIsStillBanned() throws Exception {
        assertThat(inspector.inspect(raw("Subject: x\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"invoice.exe\"\r\n"
            + "\r\nMZ\r\n"))).isEqualTo(Inspection.banned("invoice.exe"));
        assertThat(inspector.inspect(raw("Subject: x\r\nContent-Type: text/plain; name*=utf-8''invoice.exe\r\n\r\nMZ\r\n")))
            .isEqualTo(Inspection.banned("invoice.exe"));
        assertThat(inspector.inspect(raw("Subject: x\r\nContent-Type: text/plain;\r\n name=\"=?utf-8?B?aW52b2ljZS5leGU=?=\"\r\n\r\nMZ\r\n")))
            .isEqualTo(Inspection.banned("invoice.exe"));
    }

    @Test
    void aZipBehindABase64TextTypeWithoutANameIsStillOpened() throws Exception {
        String base64 = java.util.Base64.getMimeEncoder().encodeToString(zip("setup.exe", new byte[] {77, 90}));
        assertThat(inspector.inspect(raw("Subject: x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64 + "\r\n")).outcome()).isEqualTo(Outcome.BANNED);
    }

    @Test
    void aTextPartInsideAMultipartIsStillInspected() throws Exception {
        String message = "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
            + "--b\r\nContent-Type: text/plain; name=\"run.pif\"\r\n\r\nx\r\n--b--\r\n";
        assertThat(inspector.inspect(raw(message))).isEqualTo(Inspection.banned("run.pif"));
        String nested = "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
            + "Subject: inner\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=x.vbs\r\n\r\nx\r\n--b--\r\n";
        assertThat(inspector.inspect(raw(nested))).isEqualTo(Inspection.banned("x.vbs"));
    }

    private static byte[] encrypt(byte[] zip) {
        byte[] out = zip.clone();
        for (int i = 0; i + 8 < out.length; i++) {
            boolean local = out[i] == 'P' && out[i + 1] == 'K' && out[i + 2] == 3 && out[i + 3] == 4;
            boolean central = out[i] == 'P' && out[i + 1] == 'K' && out[i + 2] == 1 && out[i + 3] == 2;
            if (local) {
                out[i + 6] |= 1;
            } else if (central) {
                out[i + 8] |= 1;
            }
        }
        return out;
    }
}
