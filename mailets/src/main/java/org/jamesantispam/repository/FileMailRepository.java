package org.jamesantispam.repository;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A James mail repository in plain files, for protocol {@code file}, so that quarantined mail
 * (amavis' local quarantine area) survives restarts on the memory server, whose only repositories
 * are in memory. Each mail is two files in the repository's directory, named after the mail's key
 * (URL-encoded):
 * <ul>
 *   <li>{@code KEY.eml}: the message, as James writes it;</li>
 *   <li>{@code KEY.json}: the envelope and the rest: name, state, sender, recipients, error
 *       message, remote host and address, last-updated time, attributes (James' own JSON form of
 *       attribute values; values without one are left out, with a log line) and per-recipient
 *       headers.</li>
 * </ul>
 * The {@code .json} file is written last, and both through a temporary file and a rename, so a
 * crash never leaves a half-written mail listed. The directory comes from the repository URL,
 * resolved by James' file system: {@code file://var/mail/quarantine/} is
 * {@code var/mail/quarantine/} under James' home. Webadmin's {@code /mailRepositories} routes list,
 * read, reprocess and delete these mails like any other.
 *
 * <p>Registered in {@code mailrepositorystore.xml}:
 * <pre>{@code
 * <mailrepository class="org.jamesantispam.repository.FileMailRepository">
 *     <protocols>
 *         <protocol>file</protocol>
 *     </protocols>
 * </mailrepository>
 * }</pre>
 * then used by URL, e.g. {@code <repository>file://var/mail/quarantine/</repository>} of
 * {@code Quarantine}. Meant for modest volumes (a quarantine): listing reads the directory.
 */
public class FileMailRepository implements MailRepository {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileMailRepository.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGE = ".eml";
    private static final String ENVELOPE = ".json";

    private final Path directory;

    @Inject
    public FileMailRepository(MailRepositoryUrl url, FileSystem fileSystem) throws IOException {
        this(directoryOf(url, fileSystem));
    }

    /** A repository in {@code directory} (created if needed). */
    public FileMailRepository(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    private static Path directoryOf(MailRepositoryUrl url, FileSystem fileSystem) throws FileNotFoundException {
        File file = fileSystem.getFile(url.asString());
        return file.toPath();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized MailKey store(Mail mail) throws MessagingException {
        MailKey key = MailKey.forMail(mail);
        String file = fileName(key);
        try {
            writeAtomically(directory.resolve(file + MESSAGE), out -> mail.getMessage().writeTo(out));
            byte[] envelope = JSON.writeValueAsBytes(envelope(mail));
            writeAtomically(directory.resolve(file + ENVELOPE), out -> out.write(envelope));
        } catch (IOException e) {
            throw new MessagingException("cannot store mail " + key.asString() + " in " + directory, e);
        }
        return key;
    }

    @Override
    public synchronized Iterator<MailKey> list() throws MessagingException {
        return keys().iterator();
    }

    @Override
    public synchronized long size() throws MessagingException {
        return keys().size();
    }

    @Override
    public synchronized Mail retrieve(MailKey key) throws MessagingException {
        String file = fileName(key);
        Path envelopeFile = directory.resolve(file + ENVELOPE);
        if (!Files.exists(envelopeFile)) {
            return null;
        }
        try {
            JsonNode envelope = JSON.readTree(envelopeFile.toFile());
            MimeMessage message;
            try (InputStream in = Files.newInputStream(directory.resolve(file + MESSAGE))) {
                message = new MimeMessage(Session.getInstance(new Properties()), in);
            }
            return mail(envelope, message);
        } catch (IOException e) {
            throw new MessagingException("cannot read mail " + key.asString() + " from " + directory, e);
        }
    }

    @Override
    public synchronized void remove(MailKey key) throws MessagingException {
        String file = fileName(key);
        try {
            Files.deleteIfExists(directory.resolve(file + ENVELOPE));
            Files.deleteIfExists(directory.resolve(file + MESSAGE));
        } catch (IOException e) {
            throw new MessagingException("cannot remove mail " + key.asString() + " from " + directory, e);
        }
    }

    @Override
    public synchronized void removeAll() throws MessagingException {
        for (MailKey key : keys()) {
            remove(key);
        }
    }

    private List<MailKey> keys() throws MessagingException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString())
                .filter(name -> name.endsWith(ENVELOPE))
                .sorted()
                .map(name -> new MailKey(URLDecoder.decode(name.substring(0, name.length() - ENVELOPE.length()), StandardCharsets.UTF_8)))
                .toList();
        } catch (IOException e) {
            throw new MessagingException("cannot list " + directory, e);
        }
    }

    private static String fileName(MailKey key) {
        String encoded = URLEncoder.encode(key.asString(), StandardCharsets.UTF_8);
        return encoded.startsWith(".") ? "%2E" + encoded.substring(1) : encoded;
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException, MessagingException;
    }

    private void writeAtomically(Path target, Writer writer) throws IOException {
        Path temporary = Files.createTempFile(directory, ".writing-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                writer.write(out);
            } catch (MessagingException e) {
                throw new IOException(e);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static ObjectNode envelope(Mail mail) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("name", mail.getName());
        envelope.put("state", mail.getState());
        envelope.put("sender", mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse(null));
        ArrayNode recipients = envelope.putArray("recipients");
        mail.getRecipients().forEach(recipient -> recipients.add(recipient.asString()));
        envelope.put("errorMessage", mail.getErrorMessage());
        envelope.put("remoteHost", mail.getRemoteHost());
        envelope.put("remoteAddr", mail.getRemoteAddr());
        envelope.put("lastUpdated", mail.getLastUpdated() == null ? null : mail.getLastUpdated().getTime());
        ObjectNode attributes = envelope.putObject("attributes");
        mail.attributes().forEach(attribute -> attribute.getValue().toJson().ifPresentOrElse(
            json -> attributes.set(attribute.getName().asString(), json),
            () -> LOGGER.warn("mail {}: attribute {} has no JSON form; not stored", mail.getName(), attribute.getName().asString())));
        ObjectNode headers = envelope.putObject("perRecipientHeaders");
        mail.getPerRecipientSpecificHeaders().getHeadersByRecipient().asMap().forEach((recipient, list) -> {
            ArrayNode array = headers.putArray(recipient.asString());
            list.forEach(header -> array.addObject().put("name", header.getName()).put("value", header.getValue()));
        });
        return envelope;
    }

    private static Mail mail(JsonNode envelope, MimeMessage message) throws MessagingException {
        MailImpl.Builder builder = MailImpl.builder()
            .name(envelope.path("name").asText())
            .mimeMessage(message)
            .sender(text(envelope, "sender") == null ? null : new MailAddress(text(envelope, "sender")));
        for (JsonNode recipient : envelope.path("recipients")) {
            builder.addRecipient(new MailAddress(recipient.asText()));
        }
        if (text(envelope, "state") != null) {
            builder.state(text(envelope, "state"));
        }
        if (text(envelope, "errorMessage") != null) {
            builder.errorMessage(text(envelope, "errorMessage"));
        }
        if (text(envelope, "remoteHost") != null) {
            builder.remoteHost(text(envelope, "remoteHost"));
        }
        if (text(envelope, "remoteAddr") != null) {
            builder.remoteAddr(text(envelope, "remoteAddr"));
        }
        if (envelope.hasNonNull("lastUpdated")) {
            builder.lastUpdated(new Date(envelope.get("lastUpdated").asLong()));
        }
        List<Attribute> attributes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = envelope.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            try {
                attributes.add(new Attribute(AttributeName.of(field.getKey()), AttributeValue.fromJson(field.getValue())));
            } catch (RuntimeException e) {
                LOGGER.warn("mail {}: stored attribute {} cannot be read back; skipped", envelope.path("name").asText(), field.getKey());
            }
        }
        builder.addAttributes(attributes);
        for (Iterator<Map.Entry<String, JsonNode>> it = envelope.path("perRecipientHeaders").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            MailAddress recipient = new MailAddress(field.getKey());
            for (JsonNode header : field.getValue()) {
                builder.addHeaderForRecipient(PerRecipientHeaders.Header.builder()
                    .name(header.path("name").asText()).value(header.path("value").asText()).build(), recipient);
            }
        }
        return builder.build();
    }

    private static String text(JsonNode envelope, String field) {
        JsonNode node = envelope.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
