package org.jamesantispam.core.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * Whether a message's MIME structure shows, from its headers alone, that it cannot carry a file: the
 * cheap path of {@link AttachmentInspector}. Read in one pass over the raw message with mime4j's
 * streaming parser (no body decoded, no message object built), it holds when every entity
 * (the message, every part of every multipart) is {@code text/*} or {@code multipart/*} (also for
 * every {@code Content-Type} header when there are several, and as mime4j reads it: a multipart
 * without a boundary is no multipart), announces no file name (no {@code name} anywhere in its
 * {@code Content-Type} or {@code Content-Disposition}, in any form), and is not base64 or uuencoded
 * (where a whole archive could hide behind a text type). Any other entity ({@code message/rfc822},
 * {@code application/*}, ...), any unreadable structure, means no: the full inspection decides.
 */
final class TextOnlyStructure {
    private TextOnlyStructure() {
    }

    /** Only the three MIME fields are read (decoded, unfolded, lower case); the others are skipped. */
    private static String valueOf(Field field) {
        return field.getBody().strip().toLowerCase(Locale.ROOT);
    }

    static boolean cannotHoldAFile(InputStream raw) {
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
        try {
            stream.parse(raw);
            boolean declaredMultipart = false;
            int messages = 0;
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_MESSAGE -> {
                        if (++messages > 1) {
                            return false; // a message inside the message (message/rfc822, a digest's part)
                        }
                    }
                    case T_START_HEADER -> declaredMultipart = false;
                    case T_FIELD -> {
                        Field field = stream.getField();
                        String name = field.getName();
                        if (name.equalsIgnoreCase("Content-Type")) {
                            String value = valueOf(field);
                            if (value.contains("name") || !(value.startsWith("text/") || value.startsWith("multipart/"))) {
                                return false;
                            }
                            declaredMultipart |= value.startsWith("multipart/");
                        } else if (name.equalsIgnoreCase("Content-Disposition")) {
                            if (valueOf(field).contains("name")) {
                                return false;
                            }
                        } else if (name.equalsIgnoreCase("Content-Transfer-Encoding")) {
                            String value = valueOf(field);
                            if (value.contains("base64") || value.contains("uu")) {
                                return false;
                            }
                        }
                    }
                    case T_BODY, T_START_MULTIPART -> {
                        BodyDescriptor body = stream.getBodyDescriptor();
                        String type = body.getMimeType().toLowerCase(Locale.ROOT);
                        boolean multipart = type.startsWith("multipart/");
                        if (!(type.startsWith("text/") || multipart) || multipart != declaredMultipart) {
                            return false;
                        }
                    }
                    default -> {
                    }
                }
            }
            return true;
        } catch (IOException | MimeException | RuntimeException e) {
            return false;
        }
    }
}
