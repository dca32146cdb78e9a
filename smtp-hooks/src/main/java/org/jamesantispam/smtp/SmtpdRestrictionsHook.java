package org.jamesantispam.smtp;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesantispam.core.james.JamesHostResolver;
import org.jamesantispam.core.james.JamesLocalDomains;
import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.Reply;
import org.jamesantispam.core.restrictions.SmtpRequest;
import org.jamesantispam.core.restrictions.Stage;
import org.jamesantispam.core.stats.AntispamStatistics;
import org.jamesantispam.core.stats.RejectionKind;
import org.jamesantispam.core.stats.RejectionStage;
import org.jamesantispam.core.table.TableLocator;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's {@code smtpd_*_restrictions} inside James' SMTP dialogue: one restriction list per stage,
 * in Postfix syntax, evaluated as Postfix does, with Postfix's replies.
 *
 * <p>Stages: with {@code smtpd_delay_reject} {@code yes} (default, as Postfix) the client, HELO,
 * sender and recipient lists are all evaluated at each RCPT TO, in that order, so a refusal names
 * the recipient and {@code postmaster@} can be let through by a recipient rule placed first; with
 * {@code no}, each list is evaluated at its own command, the client list with the HELO list at
 * HELO/EHLO (not at connect: James 3.8.1's connection statistics fail on a connect handler that
 * lets a client through). In each list the first restriction with an opinion
 * decides; {@code permit} ends that list only. {@code DISCARD} accepts the message and drops it
 * (answered 250, never queued); {@code HOLD} accepts it and marks it with the mail attribute
 * {@value #HOLD_ATTRIBUTE} (the check's name) for the pipeline to keep aside.
 *
 * <p>Parameters (child elements):
 * <ul>
 *   <li>{@code smtpd_client_restrictions}, {@code smtpd_helo_restrictions},
 *       {@code smtpd_sender_restrictions}, {@code smtpd_recipient_restrictions}: restriction lists.
 *       Known restrictions: {@code permit}, {@code dunno}, {@code reject}, {@code defer},
 *       {@code permit_mynetworks}, {@code reject_invalid_helo_hostname},
 *       {@code reject_non_fqdn_helo_hostname}, {@code reject_unknown_helo_hostname},
 *       {@code reject_non_fqdn_sender}, {@code reject_non_fqdn_recipient},
 *       {@code reject_unknown_sender_domain}, {@code reject_unauth_destination},
 *       {@code defer_unauth_destination} (old Postfix names accepted), and restriction class names.</li>
 *   <li>{@code restriction_class} (repeatable, attribute {@code name}): a named list usable in the
 *       lists above ({@code smtpd_restriction_classes}).</li>
 *   <li>{@code smtpd_delay_reject}: {@code yes} (default) or {@code no}.</li>
 *   <li>{@code mynetworks} (CIDR list) or {@code mynetworks_style} ({@code host} / {@code subnet}):
 *       who {@code permit_mynetworks} trusts; default: James' {@code authorizedAddresses}.</li>
 *   <li>{@code unknown_hostname_reject_code}, {@code unknown_address_reject_code}: codes of
 *       {@code reject_unknown_helo_hostname} / {@code reject_unknown_sender_domain} when the DNS says the
 *       name does not exist (default 450, as Postfix); a DNS failure is always 450.</li>
 * </ul>
 * Each refusal is logged once at INFO (control characters the client sent, such as NUL or a bare CR,
 * logged as {@code ?}):
 * {@code reject: RCPT from unknown[192.0.2.1]: 501 5.5.2 <bad..helo>: Helo command rejected: Invalid name; from=<a@b> to=<c@d> helo=<bad..helo> check=reject_invalid_helo_hostname}.
 *
 * <pre>{@code
 * <handler class="org.jamesantispam.smtp.SmtpdRestrictionsHook">
 *     <smtpd_helo_restrictions>permit_mynetworks, reject_invalid_helo_hostname</smtpd_helo_restrictions>
 *     <smtpd_recipient_restrictions>permit_mynetworks, check_recipient_class, reject_unauth_destination</smtpd_recipient_restrictions>
 *     <restriction_class name="check_recipient_class">dunno</restriction_class>
 * </handler>
 * }</pre>
 */
public class SmtpdRestrictionsHook implements HeloHook, MailHook, RcptHook, JamesMessageHook {
    public static final String HOLD_ATTRIBUTE = "org.jamesantispam.smtp.hold";
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpdRestrictionsHook.class);
    private static final AttachmentKey<String> DISCARD = AttachmentKey.of("antispam.restrictions.discard", String.class);
    private static final AttachmentKey<String> HOLD = AttachmentKey.of("antispam.restrictions.hold", String.class);

    private final JamesHostResolver resolver;
    private final JamesLocalDomains localDomains;
    private final TableLocator tableLocator;
    private final AntispamStatistics statistics;
    private RestrictionsConfig config;

    /** Where init() registers the dry-run form of this hook (webadmin POST /antispam/check); null outside James. */
    private ActiveComponents components;

    @Inject
    public void setComponents(ActiveComponents components) {
        this.components = components;
    }

    public SmtpdRestrictionsHook(DNSService dns, DomainList domainList, FileSystem fileSystem) {
        this(dns, domainList, fileSystem, AntispamStatistics.detached());
    }

    /** @param statistics counts each refusal (stage, check) for {@code GET /antispam/stats} */
    @Inject
    public SmtpdRestrictionsHook(DNSService dns, DomainList domainList, FileSystem fileSystem, AntispamStatistics statistics) {
        this.statistics = statistics;
        this.resolver = new JamesHostResolver(dns);
        this.localDomains = new JamesLocalDomains(domainList);
        this.tableLocator = TableLocator.withFileUrls(url -> fileSystem.getFile(url).toPath());
    }

    @Override
    public void init(Configuration configuration) throws ConfigurationException {
        config = RestrictionsConfig.parse(getClass().getSimpleName(), configuration, resolver, localDomains, tableLocator);
        if (components != null) {
            components.register(DryRunCheck.class, getClass().getName(), new RestrictionsDryRun(getClass().getName(), config));
        }
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        if (config.delayReject()) {
            return HookResult.DECLINED;
        }
        return hookResult(evaluate(session, "HELO", request(session, helo, null, null), List.of(Stage.CLIENT, Stage.HELO)));
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (config.delayReject()) {
            return HookResult.DECLINED;
        }
        SmtpRequest request = request(session, currentHelo(session), sender.asString(""), null);
        return hookResult(evaluate(session, "MAIL", request, List.of(Stage.SENDER)));
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        SmtpRequest request = request(session, currentHelo(session), sender.asString(""), rcpt.asString());
        List<Stage> stages = config.delayReject() ? List.of(Stage.values()) : List.of(Stage.RECIPIENT);
        return hookResult(evaluate(session, "RCPT", request, stages));
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Optional<String> discard = session.getAttachment(DISCARD, State.Transaction);
        if (discard.isPresent()) {
            LOGGER.info("discard: END-OF-MESSAGE from unknown[{}]: {} by {}", clientIp(session), mail.getName(), discard.get());
            return HookResult.builder().hookReturnCode(HookReturnCode.ok()).smtpReturnCode("250")
                .smtpDescription("2.0.0 Ok: queued").build();
        }
        session.getAttachment(HOLD, State.Transaction)
            .ifPresent(check -> mail.setAttribute(new Attribute(AttributeName.of(HOLD_ATTRIBUTE), AttributeValue.of(check))));
        return HookResult.DECLINED;
    }

    private Optional<Reply> evaluate(SMTPSession session, String command, SmtpRequest request, List<Stage> stages) {
        for (Stage stage : stages) {
            Decision decision = config.list(stage).evaluate(request);
            switch (decision.action()) {
                case REJECT:
                case DEFER:
                    Reply reply = decision.reply().orElseThrow();
                    LOGGER.info("reject: {} from unknown[{}]: {}; from=<{}> to=<{}> helo=<{}> check={}", command, request.clientIp(),
                        PrintableText.of(reply.line()), PrintableText.of(request.sender().orElse("")), PrintableText.of(request.recipient().orElse("")),
                        PrintableText.of(request.helo().orElse("")), decision.check());
                    statistics.countRejection(RejectionStage.ofCommand(command), RejectionKind.RESTRICTIONS, decision.check(), reply.isPermanent());
                    return Optional.of(reply);
                case DISCARD:
                    session.setAttachment(DISCARD, decision.check(), State.Transaction);
                    break;
                case HOLD:
                    session.setAttachment(HOLD, decision.check(), State.Transaction);
                    break;
                default:
                    break;
            }
        }
        return Optional.empty();
    }

    private static HookResult hookResult(Optional<Reply> refusal) {
        return refusal.map(reply -> HookResult.builder()
                .hookReturnCode(reply.isPermanent() ? HookReturnCode.deny() : HookReturnCode.denySoft())
                .smtpReturnCode(Integer.toString(reply.code()))
                .smtpDescription(reply.enhancedStatus() + " " + reply.text())
                .build())
            .orElse(HookResult.DECLINED);
    }

    private SmtpRequest request(SMTPSession session, String helo, String sender, String recipient) {
        InetAddress client = session.getRemoteAddress().getAddress();
        boolean trusted = config.mynetworks().map(networks -> networks.contains(client)).orElse(session.isRelayingAllowed());
        return SmtpRequest.connect(client, trusted).withHelo(helo).withSender(sender).withRecipient(recipient);
    }

    private static String currentHelo(SMTPSession session) {
        return session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection).orElse(null);
    }

    private static String clientIp(SMTPSession session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }
}
