package org.jamesantispam.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class AccessKeysTest {
    private static AccessKey full(String text) {
        return new AccessKey(text, false);
    }

    private static AccessKey partial(String text) {
        return new AccessKey(text, true);
    }

    @Test
    void addressKeysFollowPostfixOrder() {
        assertThat(AccessKeys.forAddress("bob@mail.spam.test")).containsExactly(
            full("bob@mail.spam.test"), partial("mail.spam.test"), partial(".spam.test"), partial(".test"), partial("bob@"));
    }

    @Test
    void nullSenderIsTheKeyAngleBrackets() {
        assertThat(AccessKeys.forAddress("")).containsExactly(full("<>"));
    }

    @Test
    void addressWithoutDomainTriesUserAt() {
        assertThat(AccessKeys.forAddress("postmaster")).containsExactly(full("postmaster"), partial("postmaster@"));
    }

    @Test
    void addressLiteralDomainHasNoParents() {
        assertThat(AccessKeys.forAddress("bob@[192.0.2.1]")).containsExactly(full("bob@[192.0.2.1]"), partial("[192.0.2.1]"), partial("bob@"));
    }

    @Test
    void hostNameKeysAreTheNameThenItsParentDomains() {
        assertThat(AccessKeys.forHostName("mail.example.org")).containsExactly(full("mail.example.org"), partial(".example.org"), partial(".org"));
        assertThat(AccessKeys.forHostName("localhost")).containsExactly(full("localhost"));
        assertThat(AccessKeys.forHostName("[192.0.2.1]")).containsExactly(full("[192.0.2.1]"));
        assertThat(AccessKeys.forHostName("192.0.2.1")).containsExactly(full("192.0.2.1"));
        assertThat(AccessKeys.forHostName("host.example.")).containsExactly(full("host.example."), partial(".example."));
    }

    @Test
    void ipv4ClientKeysAreTheAddressThenItsNetworks() {
        InetAddress client = InetAddresses.forString("192.0.2.1");
        assertThat(AccessKeys.forClient(client)).containsExactly(full("192.0.2.1"), partial("192.0.2"), partial("192.0"), partial("192"));
        assertThat(AccessKeys.clientReplyName(client)).isEqualTo("unknown[192.0.2.1]");
    }

    @Test
    void ipv6ClientKeysUseTheCompressedFormCutAtEachColon() {
        InetAddress client = InetAddresses.forString("2001:0db8:0000:0000:0000:0000:0000:0001");
        assertThat(AccessKeys.forClient(client)).containsExactly(full("2001:db8::1"), partial("2001:db8:"), partial("2001:db8"), partial("2001"));
        assertThat(AccessKeys.clientReplyName(client)).isEqualTo("unknown[2001:db8::1]");
    }

    @Test
    void aKnownClientNameComesBeforeTheAddress() throws Exception {
        InetAddress client = InetAddress.getByAddress("mail.example.org", new byte[] {(byte) 192, 0, 2, 1});
        assertThat(AccessKeys.forClient(client)).isEqualTo(List.of(full("mail.example.org"), partial(".example.org"), partial(".org"),
            full("192.0.2.1"), partial("192.0.2"), partial("192.0"), partial("192")));
        assertThat(AccessKeys.clientReplyName(client)).isEqualTo("mail.example.org[192.0.2.1]");
    }

    @Test
    void anAddressTextAsNameCountsAsNoName() throws Exception {
        InetAddress client = InetAddress.getByAddress("192.0.2.1", new byte[] {(byte) 192, 0, 2, 1});
        assertThat(AccessKeys.knownHostName(client)).isEmpty();
    }
}
