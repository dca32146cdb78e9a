package org.jamesantispam.core.helo;

import java.util.Locale;

import com.google.common.net.InetAddresses;

/**
 * Syntax of a HELO/EHLO argument, with the rules of Postfix's {@code reject_invalid_helo_hostname}
 * (alias {@code reject_invalid_hostname}): a name is valid when it is
 * <ul>
 *   <li>a host name: at most 255 characters; labels of letters, digits, {@code -} and {@code _},
 *       1 to 63 characters, not starting or ending with {@code -}; no empty label (so neither
 *       {@code bad..helo} nor a trailing dot); not made of digits and dots only; or</li>
 *   <li>a bare IPv4 address ({@code 192.0.2.1}); or</li>
 *   <li>an address literal: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}.</li>
 * </ul>
 * Whether the name resolves in DNS is a different check.
 */
public final class HeloName {
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String IPV6_TAG = "ipv6:";

    private HeloName() {
    }

    /** @return whether {@code name} is a syntactically valid HELO/EHLO argument */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            return isValidAddressLiteral(name.substring(1, name.length() - 1));
        }
        return isValidHostName(name) || isIpv4(name);
    }

    private static boolean isValidAddressLiteral(String literal) {
        if (literal.toLowerCase(Locale.ROOT).startsWith(IPV6_TAG)) {
            String address = literal.substring(IPV6_TAG.length());
            return address.contains(":") && InetAddresses.isInetAddress(address);
        }
        return isIpv4(literal);
    }

    private static boolean isIpv4(String text) {
        return !text.contains(":") && InetAddresses.isInetAddress(text);
    }

    private static boolean isValidHostName(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        int labelLength = 0;
        boolean nonNumeric = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean last = i == name.length() - 1;
            if (isAsciiLetterOrDigit(c) || c == '_') {
                labelLength++;
                nonNumeric |= !(c >= '0' && c <= '9');
            } else if (c == '.') {
                if (labelLength == 0 || last) {
                    return false;
                }
                labelLength = 0;
            } else if (c == '-') {
                labelLength++;
                nonNumeric = true;
                if (labelLength == 1 || last || name.charAt(i + 1) == '.') {
                    return false;
                }
            } else {
                return false;
            }
            if (labelLength > MAX_LABEL_LENGTH) {
                return false;
            }
        }
        return nonNumeric;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
