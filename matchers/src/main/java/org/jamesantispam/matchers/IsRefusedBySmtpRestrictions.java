package org.jamesantispam.matchers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesantispam.core.james.JamesHostResolver;
import org.jamesantispam.core.james.JamesLocalDomains;
import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.HostResolver;
import org.jamesantispam.core.restrictions.LocalDomains;
import org.jamesantispam.core.restrictions.RestrictionClasses;
import org.jamesantispam.core.restrictions.RestrictionList;
import org.jamesantispam.core.restrictions.RestrictionListParser;
import org.jamesantispam.core.restrictions.SmtpRequest;
import org.jamesantispam.core.restrictions.Stage;
import org.jamesantispam.core.restrictions.StandardRestrictions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The after-acceptance form of the SMTP restrictions: evaluates a Postfix restriction list (the
 * same restrictions, the same code as {@code SmtpdRestrictionsHook}) on an accepted mail, per
 * recipient, and matches the recipients the list would have refused (REJECT or DEFER). For
 * operators who prefer to tag or quarantine rather than refuse in the dialogue.
 *
 * <p>The request is rebuilt from the mail: client {@code getRemoteAddr()}, trusted from attribute
 * {@code org.apache.james.SMTPIsAuthNetwork} ({@code permit_mynetworks}), HELO from
 * {@code org.apache.james.HELO}, envelope sender, each recipient. DNS checks use James' DNS service.
 *
 * <p>Condition: a restriction list, e.g.
 * {@code permit_mynetworks, reject_invalid_helo_hostname, reject_non_fqdn_sender}. Unknown names
 * fail {@code init()}.
 *
 * <pre>{@code
 * <mailet match="org.jamesantispam.matchers.IsRefusedBySmtpRestrictions=permit_mynetworks, reject_non_fqdn_helo_hostname"
 *         class="ToRepository">
 *     <repositoryPath>memory://var/mail/suspect/</repositoryPath>
 * </mailet>
 * }</pre>
 */
public class IsRefusedBySmtpRestrictions extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(IsRefusedBySmtpRestrictions.class);
    private static final AttributeName AUTH_NETWORK = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");

    private final HostResolver resolver;
    private final LocalDomains localDomains;
    private RestrictionList restrictions;

    @Inject
    public IsRefusedBySmtpRestrictions(DNSService dns, DomainList domainList) {
        this(new JamesHostResolver(dns), new JamesLocalDomains(domainList));
    }

    IsRefusedBySmtpRestrictions(HostResolver resolver, LocalDomains localDomains) {
        this.resolver = resolver;
        this.localDomains = localDomains;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().trim();
        if (condition.isEmpty()) {
            throw new MessagingException("IsRefusedBySmtpRestrictions: the condition is empty; expected a restriction list such as "
                + "'permit_mynetworks, reject_invalid_helo_hostname'");
        }
        RestrictionListParser parser = new RestrictionListParser(StandardRestrictions.specs(resolver, localDomains, 450, 450),
            Set.of(), RestrictionClasses.none());
        try {
            restrictions = parser.parse("IsRefusedBySmtpRestrictions", Stage.RECIPIENT, condition);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        InetAddress client;
        try {
            client = InetAddress.getByName(mail.getRemoteAddr());
        } catch (UnknownHostException e) {
            LOGGER.warn("{}: remote address '{}' is not an IP address; restrictions not evaluated", mail.getName(), mail.getRemoteAddr());
            return List.of();
        }
        boolean trusted = AttributeUtils.getValueAndCastFromMail(mail, AUTH_NETWORK, Boolean.class).orElse(false);
        SmtpRequest base = SmtpRequest.connect(client, trusted)
            .withHelo(AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_HELO, String.class).orElse(null))
            .withSender(mail.getMaybeSender().asString(""));
        List<MailAddress> refused = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Decision decision = restrictions.evaluate(base.withRecipient(recipient.asString()));
            if (decision.action() == Decision.Action.REJECT || decision.action() == Decision.Action.DEFER) {
                LOGGER.info("{}: {} would be refused: {} by {}", mail.getName(), recipient, decision.reply().orElseThrow().line(), decision.check());
                refused.add(recipient);
            }
        }
        return refused;
    }
}
