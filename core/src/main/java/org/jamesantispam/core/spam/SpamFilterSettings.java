package org.jamesantispam.core.spam;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jamesantispam.core.config.ParameterValues;
import org.jamesantispam.core.spamd.SpamdClient;
import org.jamesantispam.core.spamd.SpamdCommand;
import org.jamesantispam.core.spamd.SpamdEndpoint;

/**
 * The content filter's settings, shared by the scoring mailet and the end-of-DATA hook so both
 * accept the same parameters (amavis names in brackets):
 * <table>
 *   <caption>parameters</caption>
 *   <tr><td>{@code spamdHosts}</td><td>{@code 127.0.0.1:783}</td><td>spamd addresses, tried in turn</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>{@code 5s}</td><td>TCP connect, per host</td></tr>
 *   <tr><td>{@code replyTimeout}</td><td>= timeout</td><td>per host, connect to end of reply</td></tr>
 *   <tr><td>{@code timeout}</td><td>{@code 60s}</td><td>whole scan, waiting for a slot and all hosts included ({@code child_timeout})</td></tr>
 *   <tr><td>{@code maxSize}</td><td>{@code 512000}</td><td>larger messages are not sent to spamd ({@code sa_mail_body_size_limit})</td></tr>
 *   <tr><td>{@code command}</td><td>{@code SYMBOLS}</td><td>{@code SYMBOLS} (rule names) or {@code REPORT} (rule names and scores)</td></tr>
 *   <tr><td>{@code user}</td><td>none</td><td>fixed {@code User:} for spamd (spamc {@code -u})</td></tr>
 *   <tr><td>{@code perUserPrefs}</td><td>{@code none}</td><td>{@code address} or {@code localpart}: one scan per recipient, {@code User:} = that</td></tr>
 *   <tr><td>{@code maxParallelScans}</td><td>{@code 2}</td><td>scans at once against these hosts ({@code max_servers})</td></tr>
 *   <tr><td>{@code returnPath}</td><td>{@code true}</td><td>prepend {@code Return-Path: <envelope sender>} to what spamd sees, as amavis does</td></tr>
 *   <tr><td>{@code tagLevel}, {@code tag2Level}, {@code killLevel}, {@code dsnCutoffLevel}</td><td>-999, 5.0, 5.0, 10</td><td>({@code sa_tag_level_deflt}, ...)</td></tr>
 *   <tr><td>{@code levelsTable}</td><td>none</td><td>file of per-recipient levels ({@link LevelTable})</td></tr>
 *   <tr><td>{@code allowSenders}, {@code blockSenders}</td><td>none</td><td>({@code whitelist_sender}, {@code blacklist_sender}), {@link AddressList} syntax</td></tr>
 *   <tr><td>{@code spamLovers}</td><td>none</td><td>({@code spam_lovers})</td></tr>
 *   <tr><td>{@code localDomains}</td><td>James' domains</td><td>({@code local_domains_acl}), e.g. {@code .example.test}</td></tr>
 * </table>
 */
public final class SpamFilterSettings {
    /** Every parameter name this class reads. */
    public static final Set<String> PARAMETERS = Set.of("spamdHosts", "connectTimeout", "replyTimeout", "timeout", "maxSize",
        "command", "user", "perUserPrefs", "maxParallelScans", "returnPath", "tagLevel", "tag2Level", "killLevel",
        "dsnCutoffLevel", "levelsTable", "allowSenders", "blockSenders", "spamLovers", "localDomains");

    /** Which {@code User:} spamd gets. */
    public enum PerUserPrefs {
        /** One scan per message, with the fixed {@code user} if any. */
        NONE,
        /** One scan per distinct recipient, {@code User: alice@example.test}. */
        ADDRESS,
        /** One scan per distinct recipient local part, {@code User: alice}. */
        LOCALPART
    }

    private final List<SpamdEndpoint> endpoints;
    private final Duration connectTimeout;
    private final Duration replyTimeout;
    private final Duration timeout;
    private final long maxSize;
    private final SpamdCommand command;
    private final Optional<String> user;
    private final PerUserPrefs perUserPrefs;
    private final int maxParallelScans;
    private final boolean returnPath;
    private final SpamLevels levels;
    private final LevelTable levelTable;
    private final AddressList allowSenders;
    private final AddressList blockSenders;
    private final AddressList spamLovers;
    private final AddressList localDomains;

    private SpamFilterSettings(Reader reader) {
        endpoints = reader.get("spamdHosts").map(v -> SpamdEndpoint.parseList(reader.name("spamdHosts"), v))
            .orElse(List.of(new SpamdEndpoint("127.0.0.1", SpamdEndpoint.DEFAULT_PORT)));
        connectTimeout = reader.duration("connectTimeout", Duration.ofSeconds(5));
        timeout = reader.duration("timeout", Duration.ofSeconds(60));
        replyTimeout = reader.duration("replyTimeout", timeout);
        maxSize = reader.get("maxSize").map(v -> ParameterValues.size(reader.name("maxSize"), v)).orElse(512_000L);
        command = reader.get("command").map(v -> ParameterValues.enumValue(reader.name("command"), v, SpamdCommand.class))
            .orElse(SpamdCommand.SYMBOLS);
        user = reader.get("user").map(String::strip);
        user.ifPresent(name -> {
            if (!SpamdClient.isValidUser(name)) {
                throw new IllegalArgumentException(reader.name("user") + " is '" + name + "'; expected printable ASCII without spaces");
            }
        });
        perUserPrefs = reader.get("perUserPrefs").map(v -> ParameterValues.enumValue(reader.name("perUserPrefs"), v, PerUserPrefs.class))
            .orElse(PerUserPrefs.NONE);
        if (user.isPresent() && perUserPrefs != PerUserPrefs.NONE) {
            throw new IllegalArgumentException(reader.name("user") + " and " + reader.name("perUserPrefs")
                + " exclude each other; expected one of them");
        }
        maxParallelScans = reader.get("maxParallelScans").map(v -> ParameterValues.positiveInt(reader.name("maxParallelScans"), v)).orElse(2);
        returnPath = reader.get("returnPath").map(v -> ParameterValues.bool(reader.name("returnPath"), v)).orElse(true);
        SpamLevels defaults = SpamLevels.DEFAULT;
        double tag = reader.decimal("tagLevel", defaults.tag());
        double tag2 = reader.decimal("tag2Level", defaults.tag2());
        double kill = reader.decimal("killLevel", reader.get("tag2Level").isPresent() ? Math.max(tag2, defaults.kill()) : defaults.kill());
        double cutoff = reader.decimal("dsnCutoffLevel", defaults.dsnCutoff());
        try {
            levels = new SpamLevels(tag, tag2, kill, cutoff);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(reader.owner + ": <tagLevel>, <tag2Level>, <killLevel>: " + e.getMessage());
        }
        levelTable = reader.get("levelsTable").map(v -> LevelTable.read(reader.name("levelsTable"), Path.of(v.strip()), levels))
            .orElse(LevelTable.empty());
        allowSenders = reader.list("allowSenders");
        blockSenders = reader.list("blockSenders");
        spamLovers = reader.list("spamLovers");
        localDomains = reader.list("localDomains");
    }

    /**
     * Reads the settings.
     *
     * @param owner the mailet or hook, for messages ({@code ScoreWithSpamd})
     * @param parameters the configured value of a parameter, if any
     * @throws IllegalArgumentException naming the parameter, its value and what is expected
     */
    public static SpamFilterSettings parse(String owner, Function<String, Optional<String>> parameters) {
        return new SpamFilterSettings(new Reader(owner, parameters));
    }

    private static final class Reader {
        private final String owner;
        private final Function<String, Optional<String>> parameters;

        Reader(String owner, Function<String, Optional<String>> parameters) {
            this.owner = owner;
            this.parameters = parameters;
        }

        String name(String parameter) {
            return owner + ": <" + parameter + ">";
        }

        Optional<String> get(String parameter) {
            return parameters.apply(parameter).filter(value -> !value.isBlank());
        }

        Duration duration(String parameter, Duration defaultValue) {
            return get(parameter).map(v -> ParameterValues.duration(name(parameter), v)).orElse(defaultValue);
        }

        double decimal(String parameter, double defaultValue) {
            return get(parameter).map(v -> ParameterValues.decimal(name(parameter), v)).orElse(defaultValue);
        }

        AddressList list(String parameter) {
            return get(parameter).map(v -> AddressList.parse(name(parameter), v)).orElse(AddressList.empty());
        }
    }

    /** The policy these settings describe; {@code defaultIsLocal} decides when no {@code localDomains} is given. */
    public SpamPolicy policy(Predicate<String> defaultIsLocal) {
        return new ConfiguredSpamPolicy(allowSenders, blockSenders, spamLovers, localDomains, defaultIsLocal, levels, levelTable);
    }

    /** A scanner for these settings, sharing its slots with every other one for the same hosts. */
    public SpamScanner scanner() {
        SpamdClient client = new SpamdClient(endpoints, connectTimeout, replyTimeout);
        ScanSlots slots = ScanSlots.shared(hostsKey(), maxParallelScans);
        return new SpamScanner(client, command, slots, timeout, maxSize);
    }

    /** The spamd {@code User:} for {@code recipient}'s scan. */
    public Optional<String> spamdUser(String recipient) {
        String user = switch (perUserPrefs) {
            case NONE -> this.user.orElse(null);
            case ADDRESS -> recipient.toLowerCase(Locale.ROOT);
            case LOCALPART -> recipient.substring(0, Math.max(0, recipient.lastIndexOf('@'))).toLowerCase(Locale.ROOT);
        };
        return Optional.ofNullable(user).filter(SpamdClient::isValidUser);
    }

    public String hostsKey() {
        return endpoints.stream().map(SpamdEndpoint::toString).collect(Collectors.joining(","));
    }

    public boolean returnPath() {
        return returnPath;
    }

    public PerUserPrefs perUserPrefs() {
        return perUserPrefs;
    }

    public SpamLevels levels() {
        return levels;
    }

    public Duration timeout() {
        return timeout;
    }

    public long maxSize() {
        return maxSize;
    }

    public List<SpamdEndpoint> endpoints() {
        return endpoints;
    }

    /** The spamd hosts and timeouts, for other clients of the same spamd (webadmin's learning). */
    public org.jamesantispam.core.spamd.SpamdServer spamdServer() {
        return new org.jamesantispam.core.spamd.SpamdServer(endpoints, connectTimeout, replyTimeout);
    }
}
