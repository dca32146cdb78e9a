package org.jamesantispam.core.access;

/**
 * One lookup key of an access check, in Postfix's order. A partial key (parent domain
 * {@code .example.com}, network {@code 192.0.2}, {@code user@}) is only given to tables that
 * answer partial keys (exact tables), as in Postfix.
 */
public record AccessKey(String text, boolean partial) {
    static AccessKey full(String text) {
        return new AccessKey(text, false);
    }

    static AccessKey partial(String text) {
        return new AccessKey(text, true);
    }
}
