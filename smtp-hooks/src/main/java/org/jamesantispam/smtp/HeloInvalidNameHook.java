package org.jamesantispam.smtp;

import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.jamesantispam.core.helo.HeloName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix {@code reject_invalid_helo_hostname} (old name {@code reject_invalid_hostname}): refuses a
 * client whose HELO/EHLO argument is not a valid host name or address literal (rules in
 * {@link HeloName}), with Postfix's reply
 * <pre>501 5.5.2 &lt;bad..helo&gt;: Helo command rejected: Invalid name</pre>
 * Trusted clients (James' {@code authorizedAddresses}, Postfix {@code permit_mynetworks}) are not
 * checked unless {@code checkTrusted} is true.
 *
 * <p>Parameters (child elements of the handler):
 * <ul>
 *   <li>{@code stage}: {@code rcpt} (default; Postfix {@code smtpd_delay_reject = yes}: every RCPT TO
 *       of the session is refused) or {@code helo} (the HELO/EHLO command itself is refused).</li>
 *   <li>{@code checkTrusted}: {@code false} (default) skips clients in {@code authorizedAddresses}.</li>
 * </ul>
 * Each refusal is logged once at INFO with client IP, HELO, sender, recipient and check name.
 *
 * <p>Wiring, in {@code smtpserver.xml}, before James' core handlers:
 * <pre>{@code
 * <handlerchain>
 *     <handler class="org.jamesantispam.smtp.HeloInvalidNameHook">
 *         <stage>rcpt</stage>
 *     </handler>
 *     <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>
 * </handlerchain>
 * }</pre>
 */
public class HeloInvalidNameHook implements HeloHook, RcptHook, ProtocolHandler {
    static final String CHECK = "reject_invalid_helo_hostname";
    private static final Logger LOGGER = LoggerFactory.getLogger(HeloInvalidNameHook.class);
    private static final AttachmentKey<String> INVALID_HELO = AttachmentKey.of("antispam.invalidHelo", String.class);
    private static final Set<String> PARAMETERS = Set.of("stage", "checkTrusted");

    private RejectionStage stage = RejectionStage.RCPT;
    private boolean checkTrusted = false;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerParameters parameters = HandlerParameters.of(getClass().getSimpleName(), config, PARAMETERS);
        stage = parameters.enumValue("stage", RejectionStage.class, RejectionStage.RCPT);
        checkTrusted = parameters.booleanValue("checkTrusted", false);
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        session.removeAttachment(INVALID_HELO, State.Connection);
        if (!applies(session) || HeloName.isValid(helo)) {
            return HookResult.DECLINED;
        }
        if (stage == RejectionStage.HELO) {
            log(session, helo, null, null);
            return rejection(helo);
        }
        session.setAttachment(INVALID_HELO, helo, State.Connection);
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Optional<String> invalid = session.getAttachment(INVALID_HELO, State.Connection);
        if (invalid.isEmpty()) {
            return HookResult.DECLINED;
        }
        log(session, invalid.get(), sender, rcpt);
        return rejection(invalid.get());
    }

    private boolean applies(SMTPSession session) {
        return checkTrusted || !session.isRelayingAllowed();
    }

    private static HookResult rejection(String helo) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("501")
            .smtpDescription("5.5.2 <" + helo + ">: Helo command rejected: Invalid name")
            .build();
    }

    private static void log(SMTPSession session, String helo, MaybeSender sender, MailAddress rcpt) {
        LOGGER.info("reject: client={} helo=<{}> from=<{}> to=<{}> check={} reason=Invalid name",
            session.getRemoteAddress().getAddress().getHostAddress(), helo,
            sender == null ? "" : sender.asString(""), rcpt == null ? "" : rcpt.asString(), CHECK);
    }
}
