package org.jamesantispam.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.jamesantispam.core.access.AccessResult.Discard;
import org.jamesantispam.core.access.AccessResult.Dunno;
import org.jamesantispam.core.access.AccessResult.Hold;
import org.jamesantispam.core.access.AccessResult.Permit;
import org.jamesantispam.core.access.AccessResult.Refuse;
import org.jamesantispam.core.access.AccessResult.Restrictions;
import org.jamesantispam.core.access.AccessResult.Warn;
import org.junit.jupiter.api.Test;

class AccessResultTest {
    @Test
    void parsesEveryPostfixAction() {
        assertThat(AccessResult.parse("OK")).isEqualTo(new Permit());
        assertThat(AccessResult.parse("ok trailing text ignored")).isEqualTo(new Permit());
        assertThat(AccessResult.parse("RELAY")).isEqualTo(new Permit());
        assertThat(AccessResult.parse("1234567890")).isEqualTo(new Permit());
        assertThat(AccessResult.parse("DUNNO")).isEqualTo(new Dunno());
        assertThat(AccessResult.parse("REJECT")).isEqualTo(new Refuse(554, Optional.empty(), ""));
        assertThat(AccessResult.parse("reject  go away ")).isEqualTo(new Refuse(554, Optional.empty(), "go away"));
        assertThat(AccessResult.parse("REJECT 5.7.2 go away")).isEqualTo(new Refuse(554, Optional.of("5.7.2"), "go away"));
        assertThat(AccessResult.parse("DEFER")).isEqualTo(new Refuse(450, Optional.empty(), ""));
        assertThat(AccessResult.parse("DEFER try later")).isEqualTo(new Refuse(450, Optional.empty(), "try later"));
        assertThat(AccessResult.parse("421 4.4.5 busy")).isEqualTo(new Refuse(421, Optional.of("4.4.5"), "busy"));
        assertThat(AccessResult.parse("550 no such user")).isEqualTo(new Refuse(550, Optional.empty(), "no such user"));
        assertThat(AccessResult.parse("DISCARD spam")).isEqualTo(new Discard("spam"));
        assertThat(AccessResult.parse("HOLD")).isEqualTo(new Hold(""));
        assertThat(AccessResult.parse("WARN odd sender")).isEqualTo(new Warn("odd sender"));
        assertThat(AccessResult.parse("permissive")).isEqualTo(new Restrictions(List.of("permissive")));
        assertThat(AccessResult.parse("permit_mynetworks, reject_unauth_destination"))
            .isEqualTo(new Restrictions(List.of("permit_mynetworks", "reject_unauth_destination")));
    }

    @Test
    void refusesWhatCannotBeActedOn() {
        assertThatThrownBy(() -> AccessResult.parse("FILTER smtp:[127.0.0.1]:10025"))
            .hasMessageStartingWith("action FILTER is not supported");
        assertThatThrownBy(() -> AccessResult.parse("redirect x@y")).hasMessageStartingWith("action REDIRECT is not supported");
        assertThatThrownBy(() -> AccessResult.parse("550"))
            .hasMessage("'550' has no text: Postfix reads an all-digit result as OK; write '550 text' to refuse, or OK to accept");
        assertThatThrownBy(() -> AccessResult.parse("check_sender_access hash:/etc/x"))
            .hasMessageContaining("names a lookup table");
        assertThatThrownBy(() -> AccessResult.parse("  ")).hasMessageStartingWith("empty result");
        assertThatThrownBy(() -> AccessResult.parse("go away!")).hasMessageContaining("is not an access result");
    }

    @Test
    void checkSkipsResultsWhoseActionIsOnlyKnownAfterSubstitution() {
        AccessResult.check("$1");
        AccessResult.check("REJECT $1 is not welcome");
        assertThatThrownBy(() -> AccessResult.check("FILTER $1")).hasMessageStartingWith("action FILTER");
    }
}
