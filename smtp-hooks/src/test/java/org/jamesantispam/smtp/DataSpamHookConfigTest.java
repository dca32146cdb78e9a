package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.junit.jupiter.api.Test;

/** {@code init()} with configuration read from XML as James reads smtpserver.xml. */
class DataSpamHookConfigTest {
    private static void init(String handlerXml) throws ConfigurationException {
        XMLConfiguration chain = new XMLConfiguration();
        new FileHandler(chain).load(new StringReader("<handlerchain>\n    " + handlerXml + "\n</handlerchain>"));
        new DataSpamHook(null).init(chain.configurationsAt("handler").get(0));
    }

    @Test
    void acceptsTheDocumentedConfiguration() {
        assertThatCode(() -> init("""
            <handler class="org.jamesantispam.smtp.DataSpamHook">
                <spamdHosts>127.0.0.1:7830, 127.0.0.1:7831</spamdHosts>
                <timeout>30s</timeout>
                <tagLevel>-999</tagLevel>
                <tag2Level>3.0</tag2Level>
                <killLevel>5.0</killLevel>
                <allowSenders>.partner.test, /^news-[0-9]+@shop\\.test$/</allowSenders>
                <spamLovers>abuse@example.test</spamLovers>
                <tempFailOnError>true</tempFailOnError>
                <checkTrusted>false</checkTrusted>
            </handler>""")).doesNotThrowAnyException();
        assertThatCode(() -> init("<handler class=\"x\"/>")).doesNotThrowAnyException();
    }

    @Test
    void refusesUnknownParametersAndBadValuesNamingThem() {
        assertThatThrownBy(() -> init("<handler class=\"x\"><spamdHost>a</spamdHost></handler>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("DataSpamHook").hasMessageContaining("<spamdHost>");
        assertThatThrownBy(() -> init("<handler class=\"x\"><timeout>never</timeout></handler>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("DataSpamHook: <timeout>").hasMessageContaining("'never'");
        assertThatThrownBy(() -> init("<handler class=\"x\"><tempFailOnError>maybe</tempFailOnError></handler>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("<tempFailOnError>");
        assertThatThrownBy(() -> init("<handler class=\"x\"><tag2Level>8</tag2Level><killLevel>5</killLevel></handler>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("tag <= tag2 <= kill");
    }
}
