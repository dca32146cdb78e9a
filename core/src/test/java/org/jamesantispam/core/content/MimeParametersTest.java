package org.jamesantispam.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MimeParametersTest {
    @Test
    void readsQuotedAndTokenValues() {
        MimeParameters value = MimeParameters.parse(" Multipart/Mixed; boundary=\"a;b\\\"c\"; charset=UTF-8 ");
        assertThat(value.value()).isEqualTo("multipart/mixed");
        assertThat(value.get("BOUNDARY")).contains("a;b\"c");
        assertThat(value.get("charset")).contains("UTF-8");
    }

    @Test
    void joinsAndDecodesRfc2231() {
        assertThat(MimeParameters.parse("attachment; filename*=utf-8''%E2%82%AC%20rate.exe").get("filename")).contains("€ rate.exe");
        assertThat(MimeParameters.parse("attachment; filename*0*=iso-8859-1''r%E9sum; filename*1=\"e.exe\"").get("filename"))
            .contains("résume.exe");
    }

    @Test
    void keepsEveryRepeatedValue() {
        assertThat(MimeParameters.parse("attachment; filename=a.txt; filename=b.exe").all("filename")).containsExactly("a.txt", "b.exe");
    }

    @Test
    void malformedInputGivesWhatCanBeRead() {
        assertThat(MimeParameters.parse("attachment; filename=\"unterminated.exe").get("filename")).contains("unterminated.exe");
        assertThat(MimeParameters.parse(";;; =x; name").get("name")).isEmpty();
        assertThat(MimeParameters.parse(null).value()).isEmpty();
        assertThat(MimeParameters.parse("a; name*=bogus-charset''%FF%G1.exe").get("name")).isPresent();
    }
}
