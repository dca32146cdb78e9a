package org.jamesantispam.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.IntSupplier;

import org.jamesantispam.it.james.JamesConf;

/**
 * The three James configurations of {@link SpamdThroughputBenchmark}, all made from the reference
 * configuration of {@code james-conf/}:
 * <ul>
 *   <li>{@link #reference}: as shipped, pointed at the benchmark's spamd and DNS blocklist server;</li>
 *   <li>{@link #withoutSpamdScoring}: the same without the {@code ScoreWithSpamd} mailet (the rest of
 *       the content filter stays and has nothing to act on): our non-SpamAssassin stages;</li>
 *   <li>{@link #bare}: every james-antispam SMTP handler ({@code <handler class="org.jamesantispam...">})
 *       and every james-antispam mailet or matcher ({@code <mailet>} elements naming
 *       {@code org.jamesantispam}) removed, and processors left empty by that removed too. What stays
 *       is James' own: its SMTP server and core handlers (MaxRcptHandler, ValidRcptHandler), its
 *       mailets (PostmasterAlias, RemoveMimeHeaderByPrefix, transport, local-delivery) and the same
 *       listeners, domains and users;</li>
 *   <li>{@link #hooksOnly}: our SMTP hooks, bare James' mailets (to split the overhead by stage).</li>
 * </ul>
 */
public final class BenchConfigurations {
    private static final String MARK = "org.jamesantispam";
    private static final String SCORE_WITH_SPAMD = "org.jamesantispam.mailets.ScoreWithSpamd";

    private BenchConfigurations() {
    }

    /**
     * The guide's header_checks rules {@code /Make Money/ REJECT}, {@code /VIAGRA/ REJECT} and
     * {@code /Marketing/ REJECT} refuse a few messages of the corpus (e.g. "Subject: Take your
     * Marketing to the Next Level"), which spamc would score: the benchmark gives them a suffix that
     * no corpus message has, so the same rules run at the same cost and every message reaches spamd.
     */
    static JamesConf withSilentHeaderRules(JamesConf conf) {
        for (String rule : new String[] {"/Make Money/", "/VIAGRA/", "/Marketing/"}) {
            conf.replace("header_checks", rule + " REJECT", rule.substring(0, rule.length() - 1) + " q7zx/ REJECT");
        }
        return conf;
    }

    public static JamesConf reference(IntSupplier spamdPort, IntSupplier dnsblPort) {
        return withSilentHeaderRules(JamesConf.reference())
            .spamd(spamdPort)
            .dnsblResolver(dnsblPort);
    }

    public static JamesConf withoutSpamdScoring(IntSupplier dnsblPort) {
        String mailets = withoutElements(read("mailetcontainer.xml"), "mailet", SCORE_WITH_SPAMD);
        if (mailets.contains(SCORE_WITH_SPAMD + "\"")) {
            throw new IllegalStateException("mailetcontainer.xml still has " + SCORE_WITH_SPAMD);
        }
        return withSilentHeaderRules(JamesConf.reference())
            .dnsblResolver(dnsblPort)
            .file("mailetcontainer.xml", mailets);
    }

    /**
     * Our SMTP hooks of {@link #withoutSpamdScoring} with bare James' mailet container: the share of
     * the SMTP stage in the non-SA overhead.
     */
    public static JamesConf hooksOnly(IntSupplier dnsblPort) {
        String mailets = withoutEmptyProcessors(withoutElements(read("mailetcontainer.xml"), "mailet", MARK));
        return withSilentHeaderRules(JamesConf.reference())
            .dnsblResolver(dnsblPort)
            .file("mailetcontainer.xml", mailets);
    }

    public static JamesConf bare() {
        String smtp = withoutElements(read("smtpserver.xml"), "handler", MARK);
        String mailets = withoutEmptyProcessors(withoutElements(read("mailetcontainer.xml"), "mailet", MARK));
        if (smtp.contains("class=\"" + MARK) || mailets.contains("\"" + MARK)) {
            throw new IllegalStateException("bare configuration still names " + MARK);
        }
        // JamesConf applies its edits (free ports) before writing whole files: do it here too.
        return JamesConf.reference()
            .file("smtpserver.xml", smtp.replace("<bind>127.0.0.1:2525</bind>", "<bind>127.0.0.1:0</bind>"))
            .file("mailetcontainer.xml", mailets);
    }

    private static String read(String file) {
        try {
            return Files.readString(JamesConf.referenceDirectory().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every {@code <element ...>} (self-closing or up to its {@code </element>}) whose start tag contains {@code mark}. */
    static String withoutElements(String xml, String element, String mark) {
        StringBuilder out = new StringBuilder(xml.length());
        int from = 0;
        while (true) {
            int start = xml.indexOf("<" + element + " ", from);
            if (start < 0) {
                return out.append(xml, from, xml.length()).toString();
            }
            int tagEnd = xml.indexOf('>', start);
            String tag = xml.substring(start, tagEnd + 1);
            if (!tag.contains(mark)) {
                out.append(xml, from, tagEnd + 1);
                from = tagEnd + 1;
                continue;
            }
            out.append(xml, from, start);
            from = tag.endsWith("/>") ? tagEnd + 1 : xml.indexOf("</" + element + ">", tagEnd) + element.length() + 3;
        }
    }

    /** Removes {@code <processor>} elements that hold no mailet any more. */
    static String withoutEmptyProcessors(String xml) {
        StringBuilder out = new StringBuilder(xml.length());
        int from = 0;
        while (true) {
            int start = xml.indexOf("<processor ", from);
            if (start < 0) {
                return out.append(xml, from, xml.length()).toString();
            }
            int end = xml.indexOf("</processor>", start) + "</processor>".length();
            out.append(xml, from, start);
            String processor = xml.substring(start, end);
            if (processor.contains("<mailet ")) {
                out.append(processor);
            }
            from = end;
        }
    }
}
