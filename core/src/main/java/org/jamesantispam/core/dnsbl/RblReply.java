package org.jamesantispam.core.dnsbl;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jamesantispam.core.restrictions.Reply;
import org.jamesantispam.core.restrictions.SmtpRequest;

import com.google.common.net.InetAddresses;

/**
 * The SMTP reply of a DNSBL restriction: code, enhanced status code and a {@link RblReplyTemplate}.
 * Postfix's reply ({@link #postfixDefault()}) is
 * {@code 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.example.test; <TXT>}
 * ({@code maps_rbl_reject_code = 554}, {@code default_rbl_reply}).
 */
public record RblReply(int code, String enhancedStatus, RblReplyTemplate template) {
    private static final Pattern CODES = Pattern.compile("(\\d{3})(?:\\s+(\\d\\.\\d{1,3}\\.\\d{1,3}))?(?:\\s+(.*))?", Pattern.DOTALL);
    /** The temporary refusal when a blocklist cannot be queried and the operator asked for one. */
    public static final String DEFER_TEXT =
        "Service unavailable; Client host [$client_address] not checked: $rbl_domain did not answer; try again later";

    public RblReply {
        Objects.requireNonNull(template, "template");
        new Reply(code, enhancedStatus, ""); // validates the codes
    }

    /** {@code 554 5.7.1} and Postfix's {@code default_rbl_reply}. */
    public static RblReply postfixDefault() {
        return new RblReply(554, "5.7.1", RblReplyTemplate.postfixDefault());
    }

    /** {@code 450 4.7.1 Service unavailable; Client host [IP] not checked: ZONE did not answer; try again later}. */
    public static RblReply deferDefault() {
        return new RblReply(450, "4.7.1", RblReplyTemplate.parse(DEFER_TEXT));
    }

    /**
     * Parses {@code "554 5.7.1 text template"}; without enhanced code it is {@code X.7.1}, without
     * text it is Postfix's default text.
     *
     * @throws IllegalArgumentException naming the value and what is expected
     */
    public static RblReply parse(String reply) {
        Matcher matcher = CODES.matcher(reply == null ? "" : reply.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("DNSBL reply '" + reply + "': expected 4NN or 5NN, an optional X.Y.Z and a text, "
                + "e.g. 554 5.7.1 " + RblReplyTemplate.POSTFIX_DEFAULT);
        }
        int code = Integer.parseInt(matcher.group(1));
        String enhanced = matcher.group(2) != null ? matcher.group(2) : matcher.group(1).charAt(0) + ".7.1";
        String text = matcher.group(3) == null || matcher.group(3).isBlank() ? RblReplyTemplate.POSTFIX_DEFAULT : matcher.group(3);
        try {
            return new RblReply(code, enhanced, RblReplyTemplate.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DNSBL reply '" + reply + "': " + e.getMessage(), e);
        }
    }

    /**
     * Reads a reply written as Postfix's {@code default_rbl_reply} / {@code rbl_reply_maps} value,
     * which may start with {@code $rbl_code} (or {@code ${rbl_code}}) standing for
     * {@code maps_rbl_reject_code}: {@code fromPostfix("$rbl_code Service unavailable; ...", 554)}
     * is {@code 554 5.7.1 Service unavailable; ...}; a value starting with a code is
     * {@link #parse read as is}.
     *
     * @throws IllegalArgumentException naming the value and what is expected
     */
    public static RblReply fromPostfix(String reply, int rblCode) {
        String value = reply == null ? "" : reply.strip();
        for (String prefix : new String[] {"$rbl_code", "${rbl_code}"}) {
            if (value.startsWith(prefix) && (value.length() == prefix.length() || Character.isWhitespace(value.charAt(prefix.length())))) {
                return parse(rblCode + value.substring(prefix.length()));
            }
        }
        return parse(value);
    }

    /** The reply for {@code request}, whose client {@code result} concerns. */
    public Reply format(SmtpRequest request, DnsblResult result) {
        return new Reply(code, enhancedStatus, template.format(variables(request, result)));
    }

    Map<String, String> variables(SmtpRequest request, DnsblResult result) {
        Map<String, String> values = new HashMap<>();
        String address = InetAddresses.toAddrString(request.client());
        values.put("client_address", address);
        values.put("helo_name", request.helo().orElse(""));
        String sender = request.sender().orElse("");
        values.put("sender", sender);
        values.put("sender_name", localPart(sender));
        values.put("sender_domain", domain(sender));
        String recipient = request.recipient().orElse("");
        values.put("recipient", recipient);
        values.put("recipient_name", localPart(recipient));
        values.put("recipient_domain", domain(recipient));
        values.put("rbl_class", "Client host");
        values.put("rbl_code", Integer.toString(code));
        values.put("rbl_domain", result.zone().domain());
        values.put("rbl_reason", result.txt().orElse(""));
        values.put("rbl_txt", result.txt().orElse(""));
        values.put("rbl_what", address);
        return values;
    }

    private static String localPart(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    private static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    @Override
    public String toString() {
        return code + " " + enhancedStatus + " " + template;
    }
}
