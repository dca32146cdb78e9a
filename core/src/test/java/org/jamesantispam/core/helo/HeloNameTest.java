package org.jamesantispam.core.helo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeloNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"mail.example.test", "localhost", "MX1.Example.TEST", "a-b.example", "under_score.example",
        "192.0.2.1", "[192.0.2.1]", "[IPv6:2001:db8::1]", "[ipv6:::1]", "x1.2", "123abc.example"})
    void acceptsValidNames(String name) {
        assertThat(HeloName.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad..helo", "trailing.dot.", ".leading", "-host.example", "host-.example",
        "host.-x.example", "sp ace", "bad!char", "1.2.3", "1.2.3.4.5", "999.1.1.1", "[1.2.3]", "[2001:db8::1]",
        "[IPv6:192.0.2.1]", "[IPv6:zz::1]", "[]", "caf\u00e9.example"})
    void rejectsInvalidNames(String name) {
        assertThat(HeloName.isValid(name)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void rejectsNullAndOverlongNamesAndLabels() {
        assertThat(HeloName.isValid(null)).isFalse();
        assertThat(HeloName.isValid("a".repeat(64) + ".example")).isFalse();
        assertThat(HeloName.isValid("a".repeat(63) + ".example")).isTrue();
        assertThat(HeloName.isValid(("abcdefghi.").repeat(26) + "example")).isFalse();
    }
}
