package org.jamesantispam.smtp;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.jamesantispam.core.restrictions.HostResolver;
import org.jamesantispam.core.restrictions.LocalDomains;
import org.jamesantispam.core.restrictions.Restriction;
import org.jamesantispam.core.restrictions.RestrictionClasses;
import org.jamesantispam.core.restrictions.RestrictionList;
import org.jamesantispam.core.restrictions.RestrictionListParser;
import org.jamesantispam.core.restrictions.Stage;
import org.jamesantispam.core.restrictions.StandardRestrictions;
import org.jamesantispam.core.restrictions.TrustedNetworks;

/**
 * The parsed, immutable configuration of {@link SmtpdRestrictionsHook}: one restriction list per
 * stage, the restriction classes, {@code smtpd_delay_reject} and the trusted networks.
 */
final class RestrictionsConfig {
    static final Set<String> PARAMETERS = Set.of("smtpd_delay_reject", "mynetworks", "mynetworks_style",
        "smtpd_client_restrictions", "smtpd_helo_restrictions", "smtpd_sender_restrictions", "smtpd_recipient_restrictions",
        "restriction_class", "unknown_hostname_reject_code", "unknown_address_reject_code");

    private final boolean delayReject;
    private final Optional<TrustedNetworks> mynetworks;
    private final Map<Stage, RestrictionList> lists;

    private RestrictionsConfig(boolean delayReject, Optional<TrustedNetworks> mynetworks, Map<Stage, RestrictionList> lists) {
        this.delayReject = delayReject;
        this.mynetworks = mynetworks;
        this.lists = lists;
    }

    static RestrictionsConfig parse(String hook, Configuration config, HostResolver resolver, LocalDomains localDomains)
        throws ConfigurationException {
        HandlerParameters parameters = HandlerParameters.of(hook, config, PARAMETERS);
        boolean delayReject = parameters.booleanValue("smtpd_delay_reject", true);
        Optional<TrustedNetworks> mynetworks = trustedNetworks(hook, config);
        int unknownHostnameCode = parameters.replyCode("unknown_hostname_reject_code", 450);
        int unknownAddressCode = parameters.replyCode("unknown_address_reject_code", 450);

        List<String> classNames = config.getList(String.class, "restriction_class[@name]", List.of());
        List<String> classBodies = config.getList(String.class, "restriction_class", List.of());
        if (classNames.size() != classBodies.size() || classNames.stream().anyMatch(String::isBlank)) {
            throw new ConfigurationException(hook + ": every <restriction_class> needs a name attribute: <restriction_class name=\"permissive\">permit</restriction_class>");
        }
        Map<String, Restriction> classes = new HashMap<>();
        RestrictionClasses lookup = name -> Optional.ofNullable(classes.get(name));
        RestrictionListParser parser = new RestrictionListParser(
            StandardRestrictions.specs(resolver, localDomains, unknownHostnameCode, unknownAddressCode), Set.copyOf(classNames), lookup);
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
