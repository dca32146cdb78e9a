package org.jamesantispam.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTextTest {
    @Test
    void controlCharactersBecomeQuestionMarks() {
        assertThat(PrintableText.of("a\0b\rc\nd\te\u001bf\u007fg\u0085h")).isEqualTo("a?b?c?d?e?f?g?h");
    }

    @Test
    void printableTextIsKept() {
        assertThat(PrintableText.of("mail.example.org <bob@example.org> caf\u00e9 \ufffd")).isEqualTo("mail.example.org <bob@example.org> caf\u00e9 \ufffd");
    }
}
