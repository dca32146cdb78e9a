package org.jamesantispam.smtp;

import java.util.List;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * At connect: turns off James' STARTTLS command-injection scan on connections that cannot start TLS
 * (no {@code startTLS="true"} on the listener), where there is nothing for it to protect.
 *
 * <p>Why: James 3.8.1 scans every incoming command line for a pipelined {@code STARTTLS} until the
 * first DATA or a successful STARTTLS. The scan decodes and splits the whole receive buffer again for
 * every line it frames, so a client that pipelines many short commands costs CPU quadratic in the
 * size of each read: one megabyte of pipelined {@code NOOP}s kept a core busy for about 150 seconds
 * (about 3 seconds without the scan). The scan also treats STARTTLS as an attack when TLS is not
 * offered: {@code NOOP}, {@code STARTTLS}, {@code NOOP} in one write, or any command after a lone
 * {@code STARTTLS}, ends the connection with {@code 451 Unable to process request} and an ERROR
 * with a stack trace in the log. With this hook those clients get the ordinary replies
 * ({@code 500 5.5.1 Command STARTTLS unrecognized.}) and pipelining costs linear time.
 *
 * <p>Connections that can start TLS keep the scan (James stops it itself once TLS is up), so the
 * protection against STARTTLS command injection (CVE-2021-38542) is untouched where it matters.
 *
 * <p>Parameters: none. The hook writes nothing to the client (James' greeting follows as usual).
 * Put it first in the {@code <handlerchain>} of {@code smtpserver.xml}:
 * <pre>{@code
 * <handlerchain>
 *     <handler class="org.jamesantispam.smtp.StartTlsScanConnectHook"/>
 *     <handler class="org.jamesantispam.smtp.SmtpdRestrictionsHook">...</handler>
 *     ...
 * </handlerchain>
 * }</pre>
 */
public class StartTlsScanConnectHook implements ConnectHandler<SMTPSession> {
    /**
     * A reply of no lines: nothing is written. Not {@code null}, because James' connect statistics
     * (on unless {@code <handlerchain enableJmx="false">}) fail on a connect handler returning null.
     */
    static final Response NOTHING = new Response() {
        @Override
        public String getRetCode() {
            return "";
        }

        @Override
        public List<CharSequence> getLines() {
            return List.of();
        }

        @Override
        public boolean isEndSession() {
            return false;
        }
    };

    @Override
    public void init(Configuration configuration) throws ConfigurationException {
        HandlerParameters.of(getClass().getSimpleName(), configuration, Set.of());
    }

    @Override
    public Response onConnect(SMTPSession session) {
        if (!session.isStartTLSSupported()) {
            session.stopDetectingCommandInjection();
        }
        return NOTHING;
    }
}
