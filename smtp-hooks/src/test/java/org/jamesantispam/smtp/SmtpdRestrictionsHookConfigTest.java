package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThat;
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
class SmtpdRestrictionsHookConfigTest {
    private static void init(String children) throws ConfigurationException {
        XMLConfiguration chain = new XMLConfiguration();
        new FileHandler(chain).load(new StringReader("<handlerchain>\n  <handler class=\"org.jamesantispam.smtp.SmtpdRestrictionsHook\">\n"
            + children + "\n  </handler>\n</handlerchain>"));
        new SmtpdRestrictionsHook(null, null, null).init(chain.configurationsAt("handler").get(0));
    }

    @Test
    void acceptsTheReferenceConfiguration() {
        assertThatCode(() -> init("<smtpd_delay_reject>yes</smtpd_delay_reject>\n<mynetworks_style>host</mynetworks_style>\n"
            + "<smtpd_client_restrictions></smtpd_client_restrictions>\n"
            + "<smtpd_helo_restrictions>permit_mynetworks, reject_invalid_hostname</smtpd_helo_restrictions>\n"
            + "<smtpd_recipient_restrictions>permit_mynetworks, reject_unauth_destination</smtpd_recipient_restrictions>"))
            .doesNotThrowAnyException();
        assertThatCode(() -> init("")).doesNotThrowAnyException();
    }

    @Test
    void acceptsRestrictionClasses() {
        assertThatCode(() -> init("<restriction_class name=\"permissive\">permit</restriction_class>\n"
            + "<restriction_class name=\"restrictive\">reject_non_fqdn_sender, permissive</restriction_class>\n"
            + "<smtpd_recipient_restrictions>restrictive</smtpd_recipient_restrictions>")).doesNotThrowAnyException();
    }

    @Test
    void refusesUnknownParameters() {
        assertThatThrownBy(() -> init("<smtpd_helo_restriction>permit</smtpd_helo_restriction>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("SmtpdRestrictionsHook").hasMessageContaining("<smtpd_helo_restriction>");
    }

    @Test
    void refusesUnknownRestrictionsNamingTheList() {
        assertThatThrownBy(() -> init("<smtpd_helo_restrictions>permit_mynetworks, reject_invalid_helo</smtpd_helo_restrictions>"))
            .hasMessageContaining("smtpd_helo_restrictions").hasMessageContaining("'reject_invalid_helo'");
    }

    @Test
    void refusesAClassWithoutName() {
        assertThatThrownBy(() -> init("<restriction_class>permit</restriction_class>")).hasMessageContaining("name attribute");
    }

    @Test
    void refusesBadTrustSettings() {
        assertThatThrownBy(() -> init("<mynetworks>127.0.0.1/32</mynetworks><mynetworks_style>host</mynetworks_style>"))
            .hasMessageContaining("not both");
        assertThatThrownBy(() -> init("<mynetworks>127.0.0.1/40</mynetworks>")).hasMessageContaining("'127.0.0.1/40'");
        assertThatThrownBy(() -> init("<mynetworks_style>class</mynetworks_style>")).hasMessageContaining("host or subnet");
    }

    @Test
    void refusesBadCodesAndBooleans() {
        assertThatThrownBy(() -> init("<unknown_hostname_reject_code>250</unknown_hostname_reject_code>"))
            .hasMessageContaining("<unknown_hostname_reject_code>").hasMessageContaining("'250'");
        assertThatThrownBy(() -> init("<smtpd_delay_reject>perhaps</smtpd_delay_reject>"))
            .hasMessageContaining("<smtpd_delay_reject>").hasMessageContaining("'perhaps'");
    }

    @Test
    void aBrokenAccessTableFailsStartupWithFileAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path table = dir.resolve("sender.re");
        java.nio.file.Files.writeString(table, "/ok/ OK\n/(unclosed/ REJECT\n");
        assertThatThrownBy(() -> init("<smtpd_sender_restrictions>check_sender_access regexp:" + table + "</smtpd_sender_restrictions>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining(table + ":2:");
    }

    @Test
    void dnsblOptionsAreCheckedAtStartup() {
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(ConfigurationException.class,
            () -> init("<dnsbl_timeout>soon</dnsbl_timeout>")).getMessage()).contains("soon");
        assertThatThrownBy(() -> init("<smtpd_client_restrictions>reject_rbl_client bl.example.test=127.0.0.[9..2]</smtpd_client_restrictions>"))
            .hasMessageContaining("smtpd_client_restrictions").hasMessageContaining("127.0.0.[9..2]");
        assertThatThrownBy(() -> init("<smtpd_client_restrictions>reject_maps_rbl</smtpd_client_restrictions>"))
            .hasMessageContaining("maps_rbl_domains");
        assertThatCode(() -> init("<maps_rbl_domains>bl.example.test</maps_rbl_domains><smtpd_client_restrictions>reject_maps_rbl, permit_dnswl_client wl.example.test</smtpd_client_restrictions>"))
            .doesNotThrowAnyException();
    }
}
