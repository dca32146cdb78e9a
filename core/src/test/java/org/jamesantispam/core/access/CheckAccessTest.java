package org.jamesantispam.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.jamesantispam.core.restrictions.Decision;
import org.jamesantispam.core.restrictions.Decision.Action;
import org.jamesantispam.core.restrictions.Restriction;
import org.jamesantispam.core.restrictions.RestrictionClasses;
import org.jamesantispam.core.restrictions.SmtpRequest;
import org.jamesantispam.core.table.TableLocator;
import org.jamesantispam.core.table.TableOpener;
import org.jamesantispam.core.testing.LogCapture;
import org.jamesantispam.core.testing.TableFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.common.net.InetAddresses;

import ch.qos.logback.classic.Level;

class CheckAccessTest {
    private static final TableOpener OPENER = new TableOpener(TableLocator.plainPaths(), Duration.ZERO);
    private static final InetAddress CLIENT = InetAddresses.forString("192.0.2.1");

    @TempDir
    Path dir;

    private CheckAccess check(AccessKind kind, String type, RestrictionClasses classes, String... lines) {
        Path file = TableFiles.write(dir.resolve(kind.shortName() + "_access"), lines);
        return CheckAccess.open(kind, type + ":" + file, OPENER, classes);
    }

    private CheckAccess check(AccessKind kind, String type, String... lines) {
        return check(kind, type, RestrictionClasses.none(), lines);
    }

    private static SmtpRequest sender(String sender) {
        return SmtpRequest.connect(CLIENT, false).withHelo("mail.example.org").withSender(sender);
    }

    private static SmtpRequest recipient(String recipient) {
        return sender("bob@example.org").withRecipient(recipient);
    }

    private static String reply(Decision decision) {
        return decision.reply().map(Object::toString).orElse(decision.action().toString());
    }

    @Test
    void senderKeysAreTriedInPostfixOrder() {
        CheckAccess check = check(AccessKind.SENDER, "hash",
            "bob@spam.test         REJECT address",
            "spam.test             REJECT domain",
            ".spam.test            REJECT subdomain",
            "abuse@                REJECT user",
            "friend@spam.test      OK");
        assertThat(reply(check.evaluate(sender("bob@spam.test")))).endsWith("address");
        assertThat(reply(check.evaluate(sender("carol@spam.test")))).endsWith("domain");
        assertThat(reply(check.evaluate(sender("carol@mail.spam.test")))).endsWith("subdomain");
        assertThat(reply(check.evaluate(sender("abuse@example.org")))).endsWith("user");
        assertThat(check.evaluate(sender("friend@spam.test")).action()).isEqualTo(Action.PERMIT);
        assertThat(check.evaluate(sender("carol@notspam.test")).action()).isEqualTo(Action.DUNNO);
        assertThat(reply(check.evaluate(sender("Bob@SPAM.test"))))
            .isEqualTo("554 5.7.1 <Bob@SPAM.test>: Sender address rejected: address");
    }

    @Test
    void aDomainEntryMatchesOnlyThatDomainWithoutALeadingDot() {
        CheckAccess check = check(AccessKind.SENDER, "hash", "example.com REJECT");
        assertThat(check.evaluate(sender("bob@example.com")).action()).isEqualTo(Action.REJECT);
        assertThat(check.evaluate(sender("bob@sub.example.com")).action()).isEqualTo(Action.DUNNO);
    }

    @Test
    void dunnoStopsTheLookupOfShorterKeys() {
        CheckAccess check = check(AccessKind.SENDER, "hash", "bob@spam.test DUNNO", "spam.test REJECT");
        assertThat(check.evaluate(sender("bob@spam.test")).action()).isEqualTo(Action.DUNNO);
        assertThat(check.evaluate(sender("eve@spam.test")).action()).isEqualTo(Action.REJECT);
    }

    @Test
    void theNullSenderIsLookedUpAsAngleBrackets() {
        CheckAccess check = check(AccessKind.SENDER, "hash", "<> 550 5.7.1 no bounces here");
        assertThat(reply(check.evaluate(sender("")))).isEqualTo("550 5.7.1 <>: Sender address rejected: no bounces here");
    }

    @Test
    void repliesUsePostfixWordingForEveryKindAndResult() {
        assertThat(reply(check(AccessKind.SENDER, "hash", "bob@spam.test REJECT").evaluate(sender("bob@spam.test"))))
            .isEqualTo("554 5.7.1 <bob@spam.test>: Sender address rejected: Access denied");
        assertThat(reply(check(AccessKind.CLIENT, "cidr", "192.0.2.0/24 REJECT").evaluate(sender("x@y.test"))))
            .isEqualTo("554 5.7.1 <unknown[192.0.2.1]>: Client host rejected: Access denied");
        assertThat(reply(check(AccessKind.HELO, "hash", "mail.example.org DEFER").evaluate(sender("x@y.test"))))
            .isEqualTo("450 4.7.1 <mail.example.org>: Helo command rejected: Access denied");
        assertThat(reply(check(AccessKind.RECIPIENT, "hash", "alice@example.test REJECT no mail for you")
            .evaluate(recipient("alice@example.test"))))
            .isEqualTo("554 5.7.1 <alice@example.test>: Recipient address rejected: no mail for you");
        assertThat(reply(check(AccessKind.RECIPIENT, "hash", "alice@example.test DEFER 4.2.2 mailbox full")
            .evaluate(recipient("alice@example.test"))))
            .isEqualTo("450 4.2.2 <alice@example.test>: Recipient address rejected: mailbox full");
        assertThat(reply(check(AccessKind.RECIPIENT, "hash", "alice@example.test 421 try later")
            .evaluate(recipient("alice@example.test"))))
            .isEqualTo("421 4.7.1 <alice@example.test>: Recipient address rejected: try later");
        assertThat(reply(check(AccessKind.RECIPIENT, "hash", "alice@example.test 550 5.1.1")
            .evaluate(recipient("alice@example.test"))))
            .isEqualTo("550 5.1.1 <alice@example.test>: Recipient address rejected: Access denied");
    }

    @Test
    void addressStatusesAreAdjustedToWhatIsRefusedAsPostfixDoes() {
        assertThat(reply(check(AccessKind.SENDER, "hash", "bob@spam.test REJECT 4.1.1 unknown").evaluate(sender("bob@spam.test"))))
            .isEqualTo("554 5.1.7 <bob@spam.test>: Sender address rejected: unknown");
        assertThat(reply(check(AccessKind.RECIPIENT, "hash", "x@example.test REJECT 5.1.7 bad").evaluate(recipient("x@example.test"))))
            .isEqualTo("554 5.1.3 <x@example.test>: Recipient address rejected: bad");
        assertThat(reply(check(AccessKind.HELO, "hash", "mail.example.org 550 5.1.1 odd").evaluate(sender("x@y.test"))))
            .isEqualTo("550 5.0.0 <mail.example.org>: Helo command rejected: odd");
        assertThat(reply(check(AccessKind.CLIENT, "cidr", "192.0.2.1 DEFER 5.7.9 later").evaluate(sender("x@y.test"))))
            .isEqualTo("450 4.7.9 <unknown[192.0.2.1]>: Client host rejected: later");
    }

    @Test
    void okDiscardHoldWarnAndDunnoBecomeTheirDecisions() {
        CheckAccess check = check(AccessKind.SENDER, "hash",
            "ok@x.test OK", "relay@x.test RELAY", "stamp@x.test 1699999999", "discard@x.test DISCARD spam",
            "hold@x.test HOLD look at it", "warn@x.test WARN odd", "dunno@x.test DUNNO");
        assertThat(check.evaluate(sender("ok@x.test"))).satisfies(decision -> {
            assertThat(decision.action()).isEqualTo(Action.PERMIT);
            assertThat(decision.check()).isEqualTo("check_sender_access hash:" + dir.resolve("sender_access"));
        });
        assertThat(check.evaluate(sender("relay@x.test")).action()).isEqualTo(Action.PERMIT);
        assertThat(check.evaluate(sender("stamp@x.test")).action()).isEqualTo(Action.PERMIT);
        assertThat(check.evaluate(sender("discard@x.test")).action()).isEqualTo(Action.DISCARD);
        assertThat(check.evaluate(sender("hold@x.test")).action()).isEqualTo(Action.HOLD);
        try (LogCapture log = LogCapture.of(CheckAccess.class)) {
            assertThat(check.evaluate(sender("warn@x.test")).action()).isEqualTo(Action.DUNNO);
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                .contains("<warn@x.test>: Sender address triggers WARN action: odd");
        }
        assertThat(check.evaluate(sender("dunno@x.test")).action()).isEqualTo(Action.DUNNO);
    }

    @Test
    void aRestrictionClassNameEvaluatesThatClass() {
        Map<String, Restriction> defined = Map.of(
            "permissive", request -> Decision.permit("permissive"),
            "undecided", request -> Decision.dunno(),
            "restrictive", request -> Decision.refuse("restrictive", org.jamesantispam.core.restrictions.Reply.parse("554 5.7.1 strict")));
        RestrictionClasses classes = name -> Optional.ofNullable(defined.get(name));
        CheckAccess check = check(AccessKind.RECIPIENT, "hash", classes,
            "open@example.test permissive",
            "strict@example.test undecided, restrictive",
            "none@example.test undecided");
        assertThat(check.evaluate(recipient("open@example.test")).check()).isEqualTo("permissive");
        assertThat(reply(check.evaluate(recipient("strict@example.test")))).isEqualTo("554 5.7.1 strict");
        assertThat(check.evaluate(recipient("none@example.test")).action()).isEqualTo(Action.DUNNO);
    }

    @Test
    void anUndefinedClassIsAServerConfigurationErrorLoggedOnce() {
        CheckAccess check = check(AccessKind.RECIPIENT, "hash", "alice@example.test nosuchclass");
        try (LogCapture log = LogCapture.of(CheckAccess.class)) {
            assertThat(reply(check.evaluate(recipient("alice@example.test")))).isEqualTo("451 4.3.5 Server configuration error");
            assertThat(reply(check.evaluate(recipient("alice@example.test")))).isEqualTo("451 4.3.5 Server configuration error");
            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                .contains("restriction class 'nosuchclass', which is not defined");
        }
    }

    @Test
    void aClassThatReachesItselfThroughTheTableIsStopped() {
        AtomicReference<CheckAccess> self = new AtomicReference<>();
        RestrictionClasses classes = name -> name.equals("loop") ? Optional.of(request -> self.get().evaluate(request)) : Optional.empty();
        self.set(check(AccessKind.SENDER, "hash", classes, "bob@spam.test loop"));
        assertThat(reply(self.get().evaluate(sender("bob@spam.test")))).isEqualTo("451 4.3.5 Server configuration error");
    }

    @Test
    void regexpTablesSeeOnlyTheFullKeyAndSubstituteGroups() {
        CheckAccess check = check(AccessKind.SENDER, "regexp",
            "/^([^@]+)@spam\\.test$/ REJECT $1 is not welcome",
            "/^spam\\.test$/ REJECT domain key");
        assertThat(reply(check.evaluate(sender("bob@spam.test"))))
            .isEqualTo("554 5.7.1 <bob@spam.test>: Sender address rejected: bob is not welcome");
        assertThat(check.evaluate(sender("bob@sub.spam.test")).action()).isEqualTo(Action.DUNNO);
    }

    @Test
    void aSubstitutedResultThatIsUnusableIsAServerConfigurationError() {
        CheckAccess check = check(AccessKind.SENDER, "regexp", "/^(.*)@odd\\.test$/ $1");
        assertThat(reply(check.evaluate(sender("\"a:b\"@odd.test")))).isEqualTo("451 4.3.5 Server configuration error");
    }

    @Test
    void clientTablesSeeTheKnownNameThenTheAddressAndItsNetworks() throws Exception {
        CheckAccess check = check(AccessKind.CLIENT, "hash",
            ".example.org   REJECT by name",
            "198.51.100     REJECT by network",
            "2001:db8       DEFER by v6 network");
        SmtpRequest named = SmtpRequest.connect(InetAddress.getByAddress("mail.example.org", new byte[] {(byte) 192, 0, 2, 1}), false);
        assertThat(reply(check.evaluate(named))).isEqualTo("554 5.7.1 <mail.example.org[192.0.2.1]>: Client host rejected: by name");
        SmtpRequest network = SmtpRequest.connect(InetAddresses.forString("198.51.100.7"), false);
        assertThat(reply(check.evaluate(network))).isEqualTo("554 5.7.1 <unknown[198.51.100.7]>: Client host rejected: by network");
        SmtpRequest v6 = SmtpRequest.connect(InetAddresses.forString("2001:db8::25"), false);
        assertThat(reply(check.evaluate(v6))).isEqualTo("450 4.7.1 <unknown[2001:db8::25]>: Client host rejected: by v6 network");
        assertThat(check.evaluate(SmtpRequest.connect(CLIENT, false)).action()).isEqualTo(Action.DUNNO);
    }

    @Test
    void heloTablesMatchTheNameAndItsParents() {
        CheckAccess check = check(AccessKind.HELO, "hash", ".example.org REJECT forged", "localhost REJECT you are not me");
        assertThat(reply(check.evaluate(sender("x@y.test"))))
            .isEqualTo("554 5.7.1 <mail.example.org>: Helo command rejected: forged");
        SmtpRequest localhost = SmtpRequest.connect(CLIENT, false).withHelo("LOCALHOST");
        assertThat(reply(check.evaluate(localhost))).isEqualTo("554 5.7.1 <LOCALHOST>: Helo command rejected: you are not me");
    }

    @Test
    void aCheckHasNoOpinionBeforeItsPartOfTheDialogue() {
        SmtpRequest connect = SmtpRequest.connect(CLIENT, false);
        assertThat(check(AccessKind.HELO, "regexp", "/./ REJECT").evaluate(connect).action()).isEqualTo(Action.DUNNO);
        assertThat(check(AccessKind.SENDER, "regexp", "/./ REJECT").evaluate(connect).action()).isEqualTo(Action.DUNNO);
        assertThat(check(AccessKind.RECIPIENT, "regexp", "/./ REJECT").evaluate(sender("x@y.test")).action()).isEqualTo(Action.DUNNO);
    }

    @Test
    void anEditedTableTakesEffectAndABrokenEditKeepsTheLastGoodOne() {
        Path file = TableFiles.write(dir.resolve("edited"), "bob@spam.test REJECT");
        CheckAccess check = CheckAccess.open(AccessKind.SENDER, "hash:" + file, OPENER, RestrictionClasses.none());
        assertThat(check.evaluate(sender("bob@spam.test")).action()).isEqualTo(Action.REJECT);
        TableFiles.edit(file, "bob@spam.test OK");
        assertThat(check.evaluate(sender("bob@spam.test")).action()).isEqualTo(Action.PERMIT);
        TableFiles.edit(file, "bob@spam.test FILTER smtp:[127.0.0.1]:10025");
        assertThat(check.evaluate(sender("bob@spam.test")).action()).isEqualTo(Action.PERMIT);
    }

    @Test
    void aBadResultFailsOpeningWithFileAndLine() {
        Path file = TableFiles.write(dir.resolve("bad"), "a@b.test OK", "c@d.test FILTER smtp:[127.0.0.1]:10025");
        assertThatThrownBy(() -> CheckAccess.open(AccessKind.SENDER, "hash:" + file, OPENER, RestrictionClasses.none()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(file + ":2: action FILTER is not supported");
    }
}
