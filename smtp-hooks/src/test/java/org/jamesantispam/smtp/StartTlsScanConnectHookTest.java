package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPSessionImpl;
import org.junit.jupiter.api.Test;

/**
 * {@link StartTlsScanConnectHook} through {@code init()} and {@code onConnect()} on James' own SMTP
 * session class, over a transport that only says whether it could start TLS.
 */
class StartTlsScanConnectHookTest {
    private static StartTlsScanConnectHook hook(String children) throws ConfigurationException {
        XMLConfiguration chain = new XMLConfiguration();
        new FileHandler(chain).load(new StringReader("<handlerchain>\n  <handler class=\"org.jamesantispam.smtp.StartTlsScanConnectHook\">"
            + children + "</handler>\n</handlerchain>"));
        StartTlsScanConnectHook hook = new StartTlsScanConnectHook();
        hook.init(chain.configurationsAt("handler").get(0));
        return hook;
    }

    private static SMTPSessionImpl session(boolean startTlsSupported) {
        return new SMTPSessionImpl(new Transport(startTlsSupported), new SMTPConfigurationImpl());
    }

    @Test
    void takesNoParameters() {
        assertThatCode(() -> hook("")).doesNotThrowAnyException();
        assertThatThrownBy(() -> hook("<enabled>true</enabled>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("StartTlsScanConnectHook").hasMessageContaining("<enabled>");
    }

    @Test
    void turnsTheScanOffWhereTlsCannotStart() throws Exception {
        SMTPSessionImpl session = session(false);
        assertThat(session.needsCommandInjectionDetection()).isTrue();

        hook("").onConnect(session);

        assertThat(session.needsCommandInjectionDetection()).isFalse();
    }

    @Test
    void keepsTheScanWhereTlsCanStart() throws Exception {
        SMTPSessionImpl session = session(true);

        hook("").onConnect(session);

        assertThat(session.needsCommandInjectionDetection()).isTrue();
    }

    @Test
    void writesNothingAndKeepsTheConnection() throws Exception {
        Response response = hook("").onConnect(session(false));

        assertThat(response).isNotNull();
        assertThat(response.getLines()).isEmpty();
        assertThat(response.isEndSession()).isFalse();
    }

    /** A transport that is not connected anywhere: only its TLS capability and client address matter. */
    private record Transport(boolean startTlsSupported) implements ProtocolTransport {
        @Override
        public InetSocketAddress getRemoteAddress() {
            return new InetSocketAddress("192.0.2.1", 40000);
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress("192.0.2.25", 25);
        }

        @Override
        public String getId() {
            return "test";
        }

        @Override
        public boolean isTLSStarted() {
            return false;
        }

        @Override
        public boolean isStartTLSSupported() {
            return startTlsSupported;
        }

        @Override
        public Optional<SSLSession> getSSLSession() {
            return Optional.empty();
        }

        @Override
        public boolean isProxyRequired() {
            return false;
        }

        @Override
        public void writeResponse(Response response, ProtocolSession session) {
            throw new UnsupportedOperationException("the hook must not write");
        }

        @Override
        public void popLineHandler() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pushLineHandler(LineHandler<? extends ProtocolSession> overrideCommandHandler, ProtocolSession session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setReadable(boolean readable) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isReadable() {
            return true;
        }
    }
}
