package org.jamesantispam.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.jamesantispam.core.content.ContentAction;
import org.jamesantispam.core.content.ContentHit;
import org.jamesantispam.core.content.Scope;
import org.junit.jupiter.api.Test;

class ContentRuleNameTest {
    @Test
    void namesTheScopeTheFileNameTheLineAndTheAction() {
        ContentHit hit = new ContentHit(Scope.HEADER, "/opt/james/conf/header_checks", 8, "Subject: VIAGRA",
            ContentAction.parse("REJECT no thanks"), 0, 10);

        assertThat(ContentRuleName.of(hit)).isEqualTo("header_checks header_checks:8 REJECT");
    }

    @Test
    void mimeHeaderRulesAreNamedByTheirScope() {
        ContentHit hit = new ContentHit(Scope.MIME_HEADER, "header_checks", 3, "Content-Type: x", ContentAction.parse("DISCARD"), -1, -1);

        assertThat(ContentRuleName.of(hit)).isEqualTo("mime_header_checks header_checks:3 DISCARD");
    }
}
