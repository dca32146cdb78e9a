package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.junit.jupiter.api.Test;

/**
 * {@code init()} with configuration read from XML as James reads smtpserver.xml: the
 * {@code <handlerchain>} is parsed and each {@code <handler>} is a sub-configuration.
 */
class HeloInvalidNameHookConfigTest {
    private static void init(String handlerXml) throws ConfigurationException {
        XMLConfiguration chain = new XMLConfiguration();
        new FileHandler(chain).load(new StringReader("<handlerchain>\n    " + handlerXml + "\n</handlerchain>"));
        new HeloInvalidNameHook().init(chain.configurationsAt("handler").get(0));
    }

    @Test
    void acceptsTheReferenceConfigurationWithItsClassAttribute() {
        assertThatCode(() -> init("<handler class=\"org.jamesantispam.smtp.HeloInvalidNameHook\">\n  <stage>rcpt</stage>\n</handler>"))
            .doesNotThrowAnyException();
        assertThatCode(() -> init("<handler class=\"x\"><stage>HELO</stage><checkTrusted>true</checkTrusted></handler>"))
            .doesNotThrowAnyException();
        assertThatCode(() -> init("<handler class=\"x\"/>")).doesNotThrowAnyException();
    }

    @Test
    void refusesAnUnknownParameter() {
        assertThatThrownBy(() -> init("<handler class=\"x\"><stages>rcpt</stages></handler>"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("HeloInvalidNameHook")
            .hasMessageContaining("<stages>");
    }

    @Test
    void refusesABadStageNamingValueAndChoices() {
        assertThatThrownBy(() -> init("<handler class=\"x\"><stage>data</stage></handler>"))
            .hasMessageContaining("<stage>").hasMessageContaining("'data'").hasMessageContaining("[helo, rcpt]");
    }

    @Test
    void refusesABadBoolean() {
        assertThatThrownBy(() -> init("<handler class=\"x\"><checkTrusted>maybe</checkTrusted></handler>"))
            .hasMessageContaining("<checkTrusted>").hasMessageContaining("'maybe'").hasMessageContaining("true or false");
    }
}
