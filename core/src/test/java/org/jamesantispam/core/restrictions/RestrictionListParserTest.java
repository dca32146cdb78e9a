package org.jamesantispam.core.restrictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jamesantispam.core.restrictions.Decision.Action;
import org.jamesantispam.core.restrictions.RestrictionListParser.Spec;
import org.junit.jupiter.api.Test;

class RestrictionListParserTest {
    private static final HostResolver NO_DNS = name -> HostResolver.Lookup.FAILED;
    private static final LocalDomains LOCAL = domain -> domain.equals("example.test");

    private static SmtpRequest request(String ip, boolean trusted, String helo, String sender, String recipient) throws Exception {
        return SmtpRequest.connect(InetAddress.getByName(ip), trusted).withHelo(helo).withSender(sender).withRecipient(recipient);
    }

    private static RestrictionListParser parser(Map<String, Restriction> classes) {
        return new RestrictionListParser(StandardRestrictions.specs(NO_DNS, LOCAL, 450, 450), classes.keySet(),
            name -> Optional.ofNullable(classes.get(name)));
    }

    @Test
    void theGuidesHeloListLetsTrustedClientsThroughAndRefusesInvalidNames() throws Exception {
        RestrictionList list = parser(Map.of()).parse("smtpd_helo_restrictions", Stage.HELO, "permit_mynetworks, reject_invalid_hostname");
        assertThat(list.evaluate(request("127.0.0.1", true, "bad..helo", null, null)).action()).isEqualTo(Action.PERMIT);
        Decision refused = list.evaluate(request("192.0.2.1", false, "bad..helo", "a@b.test", "alice@example.test"));
        assertThat(refused.reply().orElseThrow().line()).isEqualTo("501 5.5.2 <bad..helo>: Helo command rejected: Invalid name");
        assertThat(refused.check()).isEqualTo("reject_invalid_helo_hostname");
        assertThat(list.evaluate(request("192.0.2.1", false, "mail.example.org", null, null)).action()).isEqualTo(Action.DUNNO);
    }

    @Test
    void commasAndSpacesBothSeparateWords() {
        RestrictionList list = parser(Map.of()).parse("x", Stage.RECIPIENT, " permit_mynetworks\n  reject_unauth_destination ,dunno ");
        assertThat(list.size()).isEqualTo(3);
        assertThat(parser(Map.of()).parse("x", Stage.RECIPIENT, "  ").isEmpty()).isTrue();
    }

    @Test
    void theFirstOpinionDecides() throws Exception {
        RestrictionList list = parser(Map.of()).parse("x", Stage.RECIPIENT, "dunno, permit, reject");
        assertThat(list.evaluate(request("192.0.2.1", false, "h.example", "a@b.test", "c@d.test")).action()).isEqualTo(Action.PERMIT);
    }

    @Test
    void rejectAndDeferUsePostfixWording() throws Exception {
        SmtpRequest request = request("192.0.2.1", false, "h.example", "a@b.test", "c@example.test");
        assertThat(parser(Map.of()).parse("x", Stage.RECIPIENT, "reject").evaluate(request).reply().orElseThrow().line())
            .isEqualTo("554 5.7.1 <c@example.test>: Recipient address rejected: Access denied");
        assertThat(parser(Map.of()).parse("x", Stage.SENDER, "defer").evaluate(request).reply().orElseThrow().line())
            .isEqualTo("450 4.7.1 <a@b.test>: Sender address rejected: Try again later");
        assertThat(parser(Map.of()).parse("x", Stage.CLIENT, "reject").evaluate(request).reply().orElseThrow().line())
            .isEqualTo("554 5.7.1 <unknown[192.0.2.1]>: Client host rejected: Access denied");
    }

    @Test
    void restrictionClassesAreEvaluatedByName() throws Exception {
        Map<String, Restriction> classes = new HashMap<>();
        RestrictionListParser parser = new RestrictionListParser(StandardRestrictions.specs(NO_DNS, LOCAL, 450, 450),
            Set.of("restrictive", "permissive"), name -> Optional.ofNullable(classes.get(name)));
        classes.put("restrictive", parser.parse("restrictive", Stage.RECIPIENT, "reject"));
        classes.put("permissive", parser.parse("permissive", Stage.RECIPIENT, "permit"));
        RestrictionList list = parser.parse("x", Stage.RECIPIENT, "restrictive");
        assertThat(list.evaluate(request("192.0.2.1", false, "h.example", "a@b.test", "c@example.test")).action()).isEqualTo(Action.REJECT);
    }

    @Test
    void aClassLoopIsCutOffAsAConfigurationError() throws Exception {
        Map<String, Restriction> classes = new HashMap<>();
        RestrictionListParser parser = new RestrictionListParser(StandardRestrictions.specs(NO_DNS, LOCAL, 450, 450),
            Set.of("loop"), name -> Optional.ofNullable(classes.get(name)));
        classes.put("loop", parser.parse("loop", Stage.RECIPIENT, "loop"));
        Decision decision = classes.get("loop").evaluate(request("192.0.2.1", false, "h.example", "a@b.test", "c@d.test"));
        assertThat(decision.reply().orElseThrow().line()).isEqualTo("451 4.3.5 Server configuration error");
    }

    @Test
    void unknownNamesAndMissingArgumentsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> parser(Map.of()).parse("smtpd_helo_restrictions", Stage.HELO, "permit_mynetworks, reject_bogus"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("smtpd_helo_restrictions").hasMessageContaining("'reject_bogus'").hasMessageContaining("permit_mynetworks");
        RestrictionListParser withArgument = new RestrictionListParser(
            Map.of("needs_one", new Spec(1, (stage, args) -> request -> Decision.dunno())), Set.of(), RestrictionClasses.none());
        assertThatThrownBy(() -> withArgument.parse("p", Stage.HELO, "needs_one"))
            .hasMessageContaining("'needs_one' needs 1 argument");
        assertThat(withArgument.parse("p", Stage.HELO, "needs_one arg").size()).isEqualTo(1);
    }

    @Test
    void aFactoryErrorNamesTheRestrictionAndItsArguments() {
        RestrictionListParser parser = new RestrictionListParser(
            Map.of("zone", new Spec(1, (stage, args) -> {
                throw new IllegalArgumentException("bad zone");
            })), Set.of(), RestrictionClasses.none());
        assertThatThrownBy(() -> parser.parse("smtpd_client_restrictions", Stage.CLIENT, "zone x..y"))
            .hasMessage("smtpd_client_restrictions: 'zone x..y': bad zone");
    }

    @Test
    void consecutiveMergeableRestrictionsBecomeOne() {
        Restriction first = new Mergeable() {
            @Override
            public Decision evaluate(SmtpRequest request) {
                return Decision.dunno();
            }

            @Override
            public Optional<Restriction> mergeWith(Restriction next) {
                return next == this ? Optional.of(this) : Optional.empty();
            }
        };
        RestrictionListParser parser = new RestrictionListParser(Map.of("m", new Spec(0, (stage, args) -> first),
            "permit", new Spec(0, (stage, args) -> request -> Decision.permit("permit"))), Set.of(), RestrictionClasses.none());
        assertThat(parser.parse("x", Stage.CLIENT, "m, m, m").size()).isEqualTo(1);
        assertThat(parser.parse("x", Stage.CLIENT, "permit, m, permit, m").size()).isEqualTo(4);
    }
}
