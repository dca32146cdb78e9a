package org.jamesantispam.core.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * The return-code filter of a DNS blocklist zone, Postfix's {@code reject_rbl_client zone=d.d.d.d}:
 * four octet patterns separated by dots, each a number ({@code 127}), or inside {@code []} one or
 * more {@code ;}-separated numbers or {@code number..number} ranges ({@code [2..11]},
 * {@code [2;4;6]}, {@code [1;5..7]}). An A record answer passes when every octet matches its
 * pattern, e.g. {@code 127.0.0.[2..11]} accepts 127.0.0.2 to 127.0.0.11 and nothing else.
 */
public final class ReturnCodeFilter {
    static final String EXPECTED = "expected d.d.d.d where each d is a number 0..255, a range [a..b] or a list [a;b..c]";

    private final String spec;
    private final List<BitSet> octets;

    private ReturnCodeFilter(String spec, List<BitSet> octets) {
        this.spec = spec;
        this.octets = octets;
    }

    /**
     * @param spec the filter, e.g. {@code 127.0.0.[2..11]}
     * @throws IllegalArgumentException naming the filter and the expected syntax when it is malformed
     */
    public static ReturnCodeFilter parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        return new ReturnCodeFilter(spec, new Parser(spec).octets());
    }

    /** Whether the A record answer {@code address} passes the filter (an IPv6 address never does). */
    public boolean matches(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 4; i++) {
            if (!octets.get(i).get(bytes[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReturnCodeFilter && ((ReturnCodeFilter) other).octets.equals(octets);
    }

    @Override
    public int hashCode() {
        return octets.hashCode();
    }

    /** The filter as configured. */
    @Override
    public String toString() {
        return spec;
    }

    /** A one-pass reader of {@code d.d.d.d}. */
    private static final class Parser {
        private final String spec;
        private int position;

        Parser(String spec) {
            this.spec = spec;
        }

        List<BitSet> octets() {
            BitSet[] result = new BitSet[4];
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    expect('.', "a '.' between octets");
                }
                result[i] = octet();
            }
            if (position != spec.length()) {
                throw error("unexpected '" + spec.substring(position) + "' after the fourth octet");
            }
            return List.of(result);
        }

        private BitSet octet() {
            BitSet values = new BitSet(256);
            if (peek() != '[') {
                values.set(number());
                return values;
            }
            position++;
            do {
                int from = number();
                int to = from;
                if (spec.startsWith("..", position)) {
                    position += 2;
                    to = number();
                    if (to < from) {
                        throw error("range " + from + ".." + to + " is empty");
                    }
                }
                values.set(from, to + 1);
            } while (tryConsume(';'));
            expect(']', "';' or ']' in a [...] pattern");
            return values;
        }

        private int number() {
            int start = position;
            while (position < spec.length() && Character.isDigit(spec.charAt(position)) && spec.charAt(position) < 128) {
                position++;
            }
            if (position == start) {
                throw error(position < spec.length()
                    ? "'" + spec.charAt(position) + "' where a number was expected"
                    : "it ends where a number was expected");
            }
            if (position - start > 3 || Integer.parseInt(spec.substring(start, position)) > 255) {
                throw error(spec.substring(start, position) + " is not an octet (0..255)");
            }
            return Integer.parseInt(spec.substring(start, position));
        }

        private char peek() {
            return position < spec.length() ? spec.charAt(position) : '\0';
        }

        private boolean tryConsume(char c) {
            if (peek() == c) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(char c, String what) {
            if (!tryConsume(c)) {
                throw error(position < spec.length()
                    ? "'" + spec.charAt(position) + "' where " + what + " was expected"
                    : "it ends where " + what + " was expected");
            }
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("return-code filter '" + spec + "': " + problem + "; " + EXPECTED);
        }
    }
}
