package org.jamesantispam.matchers;

import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesantispam.core.dnsbl.DnsblClient;
import org.jamesantispam.core.dnsbl.DnsblClientSettings;
import org.jamesantispam.core.dnsbl.DnsblClients;
import org.jamesantispam.core.dnsbl.DnsblResult;
import org.jamesantispam.core.dnsbl.DnsblZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.net.InetAddresses;

/**
 * Matches mail whose SMTP client address is listed in a DNS blocklist: the after-acceptance form
 * of Postfix {@code reject_rbl_client} (same zones syntax, same lookups and cache:
 * {@link DnsblClient}), for operators who prefer to tag or quarantine rather than refuse in the
 * dialogue. Match: all recipients. The client address is {@code mail.getRemoteAddr()}.
 *
 * <p>Condition: {@code [option=value; option=value |] zone, zone, ...}. Zones, separated by commas
 * and/or spaces, are Postfix's: {@code zone} (any A record lists) or {@code zone=d.d.d.d} with a
 * return-code filter whose octets are numbers, {@code [a..b]} ranges or {@code [a;b;c]} lists,
 * e.g. {@code zen.example=127.0.0.[2..11]}. They are queried in parallel. Options, before a
 * {@code |}, separated by {@code ;}:
 * <ul>
 *   <li>{@code resolver}: {@code system} (default, {@code /etc/resolv.conf}) or the DNS server as
 *       {@code ip}, {@code ip:port} or {@code [ipv6]:port}, e.g. a local rbldnsd
 *       {@code 127.0.0.1:5300};</li>
 *   <li>{@code timeout}: per query and for the whole lookup, e.g. {@code 2s} (default),
 *       {@code 500ms};</li>
 *   <li>{@code cacheSize} (default 10000), {@code maxTtl} (default {@code 1h}),
 *       {@code maxNegativeTtl} (default {@code 15m}): answers are cached for their DNS TTL, bounded
 *       by these ({@link DnsblClientSettings});</li>
 *   <li>{@code includeTrusted}: {@code false} (default) skips mail from trusted clients (attribute
 *       {@code org.apache.james.SMTPIsAuthNetwork}, James' {@code authorizedAddresses}), like
 *       {@code permit_mynetworks} placed first; {@code true} checks every client.</li>
 * </ul>
 * Matchers and SMTP hooks with the same resolver/timeout/cache options share one client, so one
 * cache. A lookup that fails (timeout, DNS error) is not a listing: no match, logged at WARN (at
 * most once per zone per minute) and counted. Mail without a client IP address (not received over
 * SMTP) never matches.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.IsListedInDnsbl=resolver=127.0.0.1:5300; timeout=2s | bl.example.test, zen.example=127.0.0.[2..11]"
 *         class="ToRepository">
 *     <repositoryPath>memory://var/mail/dnsbl/</repositoryPath>
 * </mailet>
 * <mailet match="org.jamesantispam.matchers.IsListedInDnsbl=bl.example.test" class="SetMimeHeader">
 *     <name>X-Dnsbl</name>
 *     <value>listed</value>
 * </mailet>
 * }</pre>
 */
public class IsListedInDnsbl extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(IsListedInDnsbl.class);
    private static final AttributeName AUTH_NETWORK = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");
    static final String INCLUDE_TRUSTED = "includeTrusted";
    private static final String SYNTAX = "expected [option=value; ... |] zone[=d.d.d.d], ..., e.g. "
        + "'resolver=127.0.0.1:5300; timeout=2s | bl.example.test, zen.example=127.0.0.[2..11]'";

    private DnsblClient client;
    private List<DnsblZone> zones;
    private boolean includeTrusted;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().strip();
        if (condition.isEmpty()) {
            throw new MessagingException("IsListedInDnsbl: the condition names no zone; " + SYNTAX);
        }
        String[] parts = condition.split("\\|", -1);
        if (parts.length > 2) {
            throw new MessagingException("IsListedInDnsbl: condition '" + condition + "' has more than one '|'; " + SYNTAX);
        }
        try {
            Map<String, String> options = parts.length == 2 ? options(parts[0]) : new LinkedHashMap<>();
            includeTrusted = booleanOption(options.remove(INCLUDE_TRUSTED));
            DnsblClientSettings settings = DnsblClientSettings.parse(options);
            zones = DnsblZone.parseList(parts[parts.length - 1]);
            client = DnsblClients.shared(settings);
        } catch (IllegalArgumentException e) {
            throw new MessagingException("IsListedInDnsbl: condition '" + condition + "': " + e.getMessage() + " (" + SYNTAX + ")", e);
        }
    }

    private static Map<String, String> options(String text) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : text.split(";")) {
            if (option.isBlank()) {
                continue;
            }
            int equals = option.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("option '" + option.strip() + "' has no value; expected name=value");
            }
            String name = option.substring(0, equals).strip();
            if (!name.equals(INCLUDE_TRUSTED) && !DnsblClientSettings.PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'; expected one of "
                    + DnsblClientSettings.PARAMETERS + " or " + INCLUDE_TRUSTED);
            }
            if (options.put(name, option.substring(equals + 1).strip()) != null) {
                throw new IllegalArgumentException("option '" + name + "' is given twice");
            }
        }
        return options;
    }

    private static boolean booleanOption(String value) {
        if (value == null) {
            return false;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
                return true;
            case "false":
            case "no":
                return false;
            default:
                throw new IllegalArgumentException(INCLUDE_TRUSTED + ": '" + value + "'; expected true or false");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        if (!includeTrusted && AttributeUtils.getValueAndCastFromMail(mail, AUTH_NETWORK, Boolean.class).orElse(false)) {
            return List.of();
        }
        Optional<InetAddress> address = clientAddress(mail);
        if (address.isEmpty()) {
            LOGGER.debug("IsListedInDnsbl: mail {} has no client IP address ('{}'); not checked", mail.getName(), mail.getRemoteAddr());
            return List.of();
        }
        Optional<DnsblResult> listed = client.lookup(address.get(), zones, true).firstListed();
        if (listed.isEmpty()) {
            return List.of();
        }
        LOGGER.info("IsListedInDnsbl: mail {} from client [{}] is listed in {} ({}){}", mail.getName(),
            InetAddresses.toAddrString(address.get()), listed.get().zone().domain(), listed.get().answers().get(0).getHostAddress(),
            listed.get().txt().map(txt -> ": " + txt).orElse(""));
        return List.copyOf(mail.getRecipients());
    }

    private static Optional<InetAddress> clientAddress(Mail mail) {
        String remote = mail.getRemoteAddr();
        if (remote == null) {
            return Optional.empty();
        }
        String literal = remote.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        return InetAddresses.isInetAddress(literal) ? Optional.of(InetAddresses.forString(literal)) : Optional.empty();
    }

    /** The client this matcher queries (shared with hooks configured alike), e.g. for its statistics. */
    DnsblClient client() {
        return client;
    }

    @Override
    public String getMatcherInfo() {
        return "IsListedInDnsbl: matches mail from clients listed in " + zones;
    }
}
