package org.jamesantispam.it.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test messages, CRLF line endings, as an internet sender would write them. */
final class Messages {
    private Messages() {
    }

    static String plain(String id, String subject, String body, String... extraHeaders) {
        return "From: Bob <bob@example.org>\r\n"
            + "To: Alice <alice@example.test>\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + id + "@example.org>\r\n"
            + String.join("", extraHeaders)
            + "\r\n"
            + body;
    }

    static String withAttachment(String id, String subject, String fileName, byte[] content) {
        return "From: Bob <bob@example.org>\r\n"
            + "To: Alice <alice@example.test>\r\n"
            + "Subject: " + subject + "\r\n"
            + "Message-ID: <" + id + "@example.org>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"=_part\"\r\n"
            + "\r\n"
            + "--=_part\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + "Please see the attached file.\r\n"
            + "--=_part\r\n"
            + "Content-Type: application/octet-stream; name=\"" + fileName + "\"\r\n"
            + "Content-Disposition: attachment; filename=\"" + fileName + "\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + Base64.getMimeEncoder().encodeToString(content) + "\r\n"
            + "--=_part--\r\n";
    }

    static byte[] zip(String... names) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(("content of " + name).getBytes());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
