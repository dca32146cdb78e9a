package org.jamesantispam.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuotedTextTest {
    @Test
    void keepsSpacesInsideQuotes() {
        assertThat(QuotedText.parse("tag", "  \"***Posible SPAM*** \"  ")).isEqualTo("***Posible SPAM*** ");
    }

    @Test
    void takesUnquotedValuesAsTheyAre() {
        assertThat(QuotedText.parse("tag", "[SPAM]")).isEqualTo("[SPAM]");
    }

    @Test
    void unescapesQuotesAndBackslashes() {
        assertThat(QuotedText.parse("tag", "\"a \\\"b\\\" \\\\ \"")).isEqualTo("a \"b\" \\ ");
    }

    @Test
    void refusesUnclosedQuotesNamingTheParameter() {
        assertThatThrownBy(() -> QuotedText.parse("tag", "\"open"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag").hasMessageContaining("closing quote");
        assertThatThrownBy(() -> QuotedText.parse("tag", "\"ends escaped\\\""))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closing quote");
    }

    @Test
    void refusesBadEscapesAndStrayQuotes() {
        assertThatThrownBy(() -> QuotedText.parse("tag", "\"a\\nb\"")).hasMessageContaining("\\n");
        assertThatThrownBy(() -> QuotedText.parse("tag", "\"a\"b\"")).hasMessageContaining("unescaped quote");
    }
}
