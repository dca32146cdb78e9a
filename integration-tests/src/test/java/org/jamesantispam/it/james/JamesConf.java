package org.jamesantispam.it.james;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A James configuration folder for a test: the reference configuration ({@code james-conf/}, found
 * through the system property {@code antispam.conf.dir}) with edits. Edits are exact text
 * replacements that fail when their text is not found, so a change of the reference configuration
 * breaks the tests that relied on it instead of silently testing something else.
 *
 * <pre>{@code
 * JamesConf conf = JamesConf.reference()
 *     .replace("smtpserver.xml", "<stage>rcpt</stage>", "<stage>helo</stage>")
 *     .file("extra-table.cf", "/Make Money/ REJECT\n");
 * }</pre>
 * The listeners are always moved to free ports ({@code 127.0.0.1:0}); read them back from the
 * server's probes ({@link AntispamJames}).
 */
public final class JamesConf {
    private record Edit(String file, String from, Supplier<String> to) {
    }

    /** The restriction hook's element in the reference smtpserver.xml. */
    private static final String RESTRICTIONS_START = "<handler class=\"org.jamesantispam.smtp.SmtpdRestrictionsHook\">";

    private final List<Edit> edits = new ArrayList<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    private JamesConf() {
        replace("smtpserver.xml", "<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:0</bind>");
        replace("imapserver.xml", "<bind>127.0.0.1:1143</bind>", "<bind>127.0.0.1:0</bind>");
        replace("webadmin.properties", "port=8000", "port=0");
    }

    /** The reference configuration of {@code james-conf/}, listeners on free ports. */
    public static JamesConf reference() {
        return new JamesConf();
    }

    /** Replaces every occurrence of {@code from} (which must occur) by {@code to} in {@code file}. */
    public JamesConf replace(String file, String from, String to) {
        edits.add(new Edit(file, from, () -> to));
        return this;
    }

    /**
     * Like {@link #replace(String, String, String)}, the replacement computed when the folder is
     * written (when James starts), e.g. the port of a service started by another extension:
     * {@code .replace("mailetcontainer.xml", "127.0.0.1:7830", () -> "127.0.0.1:" + spamd.port())}.
     */
    public JamesConf replace(String file, String from, Supplier<String> to) {
        edits.add(new Edit(file, from, to));
        return this;
    }

    /**
     * Points the reference configuration's spamd ({@code <spamdHosts>127.0.0.1:7830</spamdHosts>} of
     * mailetcontainer.xml) at a test's spamd, whose port is read when the server starts.
     */
    public JamesConf spamd(IntSupplier port) {
        return replace("mailetcontainer.xml", "<spamdHosts>127.0.0.1:7830</spamdHosts>", () -> "<spamdHosts>127.0.0.1:" + port.getAsInt() + "</spamdHosts>");
    }

    /**
     * Points the reference configuration's DNS blocklist resolver ({@code <dnsbl_resolver>127.0.0.1:5300}
     * of smtpserver.xml) at a test's rbldnsd, whose port is read when the server starts.
     */
    public JamesConf dnsblResolver(IntSupplier port) {
        return replace("smtpserver.xml", "<dnsbl_resolver>127.0.0.1:5300</dnsbl_resolver>",
            () -> "<dnsbl_resolver>127.0.0.1:" + port.getAsInt() + "</dnsbl_resolver>");
    }

    /**
     * Replaces the children of the {@code SmtpdRestrictionsHook} handler of smtpserver.xml (the
     * restriction lists) by {@code children}.
     */
    public JamesConf restrictions(String children) {
        return restrictions(() -> children);
    }

    /** {@link #restrictions(String)} computed when the server starts (e.g. with a service's port). */
    public JamesConf restrictions(Supplier<String> children) {
        String reference = read("smtpserver.xml");
        int start = reference.indexOf(RESTRICTIONS_START);
        int end = reference.indexOf("</handler>", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("smtpserver.xml of " + referenceDirectory() + " has no " + RESTRICTIONS_START);
        }
        return replace("smtpserver.xml", reference.substring(start, end), () -> RESTRICTIONS_START + "\n" + children.get() + "\n");
    }

    private static String read(String file) {
        try {
            return Files.readString(referenceDirectory().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The reference pipeline without the content filter (the block between the
     * {@code BEGIN/END james-antispam content filter} markers of mailetcontainer.xml), for tests of
     * other stages that do not start a spamd: without it every mail would be tagged
     * {@code ***UNCHECKED*** }.
     */
    public JamesConf withoutContentFilter() {
        String reference = read("mailetcontainer.xml");
        int start = reference.indexOf("<!-- ===== BEGIN james-antispam content filter");
        String endMarker = "<!-- ===== END james-antispam content filter ===== -->";
        int end = reference.indexOf(endMarker, start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("mailetcontainer.xml of " + referenceDirectory() + " has no content filter markers");
        }
        return replace("mailetcontainer.xml", reference.substring(start, end + endMarker.length()), "");
    }

    /** Adds or overwrites {@code name} in the configuration folder. */
    public JamesConf file(String name, String content) {
        files.put(name, content);
        return this;
    }

    /** The reference configuration folder. */
    public static Path referenceDirectory() {
        String dir = System.getProperty("antispam.conf.dir");
        if (dir == null) {
            throw new IllegalStateException("system property antispam.conf.dir is not set (surefire sets it to james-conf/)");
        }
        return Path.of(dir);
    }

    /** Writes the edited configuration into {@code target} (created if needed). */
    public void writeTo(Path target) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> sources = Files.list(referenceDirectory())) {
                for (Path source : (Iterable<Path>) sources::iterator) {
                    Files.copy(source, target.resolve(source.getFileName().toString()));
                }
            }
            for (Edit edit : edits) {
                Path path = target.resolve(edit.file());
                String content = Files.readString(path, StandardCharsets.UTF_8);
                if (!content.contains(edit.from())) {
                    throw new IllegalStateException(edit.file() + " of " + referenceDirectory()
                        + " does not contain the text to replace: " + edit.from());
                }
                Files.writeString(path, content.replace(edit.from(), edit.to().get()), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(target.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
