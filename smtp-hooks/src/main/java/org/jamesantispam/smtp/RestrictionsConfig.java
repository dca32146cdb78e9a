package org.jamesantispam.smtp;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.jamesantispam.core.config.DurationText;
import org.jamesantispam.core.dnsbl.DnsServerAddress;
import org.jamesantispam.core.dnsbl.DnsblClientSettings;
import org.jamesantispam.core.dnsbl.DnsblClients;
import org.jamesantispam.core.dnsbl.DnsblFailurePolicy;
import org.jamesantispam.core.dnsbl.DnsblZone;
import org.jamesantispam.core.dnsbl.RblReply;
import org.jamesantispam.core.dnsbl.RblReplyTemplate;
import org.jamesantispam.core.restrictions.DnsjavaHostResolver;
import org.jamesantispam.core.restrictions.HostResolver;
import org.jamesantispam.core.restrictions.LocalDomains;
import org.jamesantispam.core.restrictions.Restriction;
import org.jamesantispam.core.restrictions.RestrictionClasses;
import org.jamesantispam.core.restrictions.RestrictionList;
import org.jamesantispam.core.restrictions.RestrictionListParser;
import org.jamesantispam.core.restrictions.Stage;
import org.jamesantispam.core.restrictions.RestrictionServices;
import org.jamesantispam.core.restrictions.Restrictions;
import org.jamesantispam.core.restrictions.TrustedNetworks;
import org.jamesantispam.core.table.TableLocator;
import org.jamesantispam.core.table.TableOpener;

/**
 * The parsed, immutable configuration of {@link SmtpdRestrictionsHook}: one restriction list per
 * stage, the restriction classes, {@code smtpd_delay_reject} and the trusted networks.
 */
final class RestrictionsConfig {
    /** Options of the DNSBL client, by hook parameter name: our XML name -> the client's setting. */
    private static final Map<String, String> DNSBL_OPTIONS = Map.of(
        "dnsbl_resolver", DnsblClientSettings.RESOLVER,
        "dnsbl_timeout", DnsblClientSettings.TIMEOUT,
        "dnsbl_cache_size", DnsblClientSettings.CACHE_SIZE,
        "dnsbl_max_ttl", DnsblClientSettings.MAX_TTL,
        "dnsbl_max_negative_ttl", DnsblClientSettings.MAX_NEGATIVE_TTL);
    static final Set<String> PARAMETERS = Stream.concat(Stream.of("smtpd_delay_reject", "mynetworks", "mynetworks_style",
        "smtpd_client_restrictions", "smtpd_helo_restrictions", "smtpd_sender_restrictions", "smtpd_recipient_restrictions",
        "restriction_class", "unknown_hostname_reject_code", "unknown_address_reject_code",
        "maps_rbl_domains", "default_rbl_reply", "maps_rbl_reject_code", "dnsbl_failure", "dns_resolver", "dns_timeout"), DNSBL_OPTIONS.keySet().stream())
        .collect(Collectors.toUnmodifiableSet());

    private final boolean delayReject;
    private final Optional<TrustedNetworks> mynetworks;
    private final Map<Stage, RestrictionList> lists;

    private RestrictionsConfig(boolean delayReject, Optional<TrustedNetworks> mynetworks, Map<Stage, RestrictionList> lists) {
        this.delayReject = delayReject;
        this.mynetworks = mynetworks;
        this.lists = lists;
    }

    static RestrictionsConfig parse(String hook, Configuration config, HostResolver resolver, LocalDomains localDomains,
                                    TableLocator tableLocator) throws ConfigurationException {
        HandlerParameters parameters = HandlerParameters.of(hook, config, PARAMETERS);
        boolean delayReject = parameters.booleanValue("smtpd_delay_reject", true);
        Optional<TrustedNetworks> mynetworks = trustedNetworks(hook, config);
        RestrictionServices services;
        try {
            services = new RestrictionServices(hostResolver(config, resolver), localDomains,
                parameters.replyCode("unknown_hostname_reject_code", 450), parameters.replyCode("unknown_address_reject_code", 450),
                DnsblClients.shared(dnsblSettings(config)),
                RblReply.fromPostfix(config.getString("default_rbl_reply", "$rbl_code " + RblReplyTemplate.POSTFIX_DEFAULT),
                    parameters.replyCode("maps_rbl_reject_code", 554)),
                parameters.enumValue("dnsbl_failure", FailureAction.class, FailureAction.DUNNO) == FailureAction.DEFER
                    ? DnsblFailurePolicy.defer() : DnsblFailurePolicy.dunno(),
                mapsRblDomains(config.getString("maps_rbl_domains", "")),
                new TableOpener(tableLocator, TableOpener.DEFAULT_CHECK_INTERVAL));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(hook + ": " + e.getMessage(), e);
        }

        List<String> classNames = config.getList(String.class, "restriction_class[@name]", List.of());
        List<String> classBodies = config.getList(String.class, "restriction_class", List.of());
        if (classNames.size() != classBodies.size() || classNames.stream().anyMatch(String::isBlank)) {
            throw new ConfigurationException(hook + ": every <restriction_class> needs a name attribute: <restriction_class name=\"permissive\">permit</restriction_class>");
        }
        Map<String, Restriction> classes = new HashMap<>();
        Map<String, RestrictionListParser.Spec> specs = new HashMap<>();
        RestrictionClasses lookup = Restrictions.withBuiltIns(classes, specs);
        specs.putAll(Restrictions.specs(services, lookup));
        RestrictionListParser parser = new RestrictionListParser(specs, Set.copyOf(classNames), lookup);
        try {
            for (int i = 0; i < classNames.size(); i++) {
                classes.put(classNames.get(i), parser.parse("restriction_class " + classNames.get(i), Stage.RECIPIENT, classBodies.get(i)));
            }
            Map<Stage, RestrictionList> lists = new EnumMap<>(Stage.class);
            for (Stage stage : Stage.values()) {
                lists.put(stage, parser.parse(stage.parameter(), stage, config.getString(stage.parameter(), "")));
            }
            return new RestrictionsConfig(delayReject, mynetworks, lists);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(hook + ": " + e.getMessage(), e);
        }
    }

    /** What a DNSBL failure (timeout, no answer) does: nothing, or a temporary refusal. */
    enum FailureAction { DUNNO, DEFER }

    /**
     * James' DNS service unless {@code dns_resolver} names a server ({@code host:port} or
     * {@code system}), queried with {@code dns_timeout} (default 5 s) per query.
     */
    private static HostResolver hostResolver(Configuration config, HostResolver james) {
        String server = config.getString("dns_resolver", null);
        if (server == null) {
            return james;
        }
        return new DnsjavaHostResolver(DnsServerAddress.parse(server),
            DurationText.parse("dns_timeout", config.getString("dns_timeout", "5s")));
    }

    private static List<DnsblZone> mapsRblDomains(String list) {
        return list.isBlank() ? List.of() : DnsblZone.parseList(list);
    }

    private static DnsblClientSettings dnsblSettings(Configuration config) {
        Map<String, String> values = new HashMap<>();
        DNSBL_OPTIONS.forEach((parameter, setting) -> {
            String value = config.getString(parameter, null);
            if (value != null) {
                values.put(setting, value);
            }
        });
        try {
            return DnsblClientSettings.parse(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DNSBL options " + DNSBL_OPTIONS.keySet() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<TrustedNetworks> trustedNetworks(String hook, Configuration config) throws ConfigurationException {
        String list = config.getString("mynetworks", null);
        String style = config.getString("mynetworks_style", null);
        if (list != null && style != null) {
            throw new ConfigurationException(hook + ": give <mynetworks> or <mynetworks_style>, not both");
        }
        try {
            if (list != null) {
                return Optional.of(TrustedNetworks.parse(list));
            }
            return style == null ? Optional.empty() : Optional.of(TrustedNetworks.ofStyle(style));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(hook + ": " + e.getMessage(), e);
        }
    }

    boolean delayReject() {
        return delayReject;
    }

    /** The trusted networks if configured; empty means James' {@code authorizedAddresses}. */
    Optional<TrustedNetworks> mynetworks() {
        return mynetworks;
    }

    RestrictionList list(Stage stage) {
        return lists.get(stage);
    }
}
