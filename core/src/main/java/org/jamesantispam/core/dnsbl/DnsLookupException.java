package org.jamesantispam.core.dnsbl;

/** A DNS query that got no usable answer: timeout, network error, SERVFAIL, REFUSED. */
final class DnsLookupException extends RuntimeException {
    DnsLookupException(String message) {
        super(message);
    }

    DnsLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
