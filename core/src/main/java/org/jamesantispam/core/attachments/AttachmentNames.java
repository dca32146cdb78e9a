package org.jamesantispam.core.attachments;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.Part;

import org.jamesantispam.core.content.MimeParameters;
import org.jamesantispam.core.content.Text;

/**
 * Every file name a MIME part announces: {@code Content-Disposition: ...; filename=} and
 * {@code Content-Type: ...; name=}, of every such header (a part may carry two, to confuse filters),
 * RFC 2231 ({@code filename*=utf-8''...}, continuations) and RFC 2047 ({@code =?utf-8?B?...?=}) forms
 * decoded. Malformed headers give what can be read.
 */
public final class AttachmentNames {
    private AttachmentNames() {
    }

    public static Set<String> of(Part part) throws MessagingException {
        Set<String> names = new LinkedHashSet<>();
        collect(names, part.getHeader("Content-Disposition"), "filename");
        collect(names, part.getHeader("Content-Type"), "name");
        return names;
    }

    /** The names in raw header values (for parts read elsewhere). */
    public static Set<String> of(List<String> contentDisposition, List<String> contentType) {
        Set<String> names = new LinkedHashSet<>();
        collect(names, contentDisposition.toArray(String[]::new), "filename");
        collect(names, contentType.toArray(String[]::new), "name");
        return names;
    }

    private static void collect(Set<String> names, String[] headers, String parameter) {
        if (headers == null) {
            return;
        }
        for (String header : headers) {
            String unfolded = header.replace("\r", "").replace("\n", "");
            for (String value : MimeParameters.parse(unfolded).all(parameter)) {
                String decoded = Text.decodeWords(value).strip();
                if (!decoded.isEmpty()) {
                    names.add(decoded);
                }
                if (!value.strip().isEmpty()) {
                    names.add(value.strip());
                }
            }
        }
    }
}
