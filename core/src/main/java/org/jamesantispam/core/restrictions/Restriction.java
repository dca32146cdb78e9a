package org.jamesantispam.core.restrictions;

/**
 * One Postfix-style SMTP restriction ({@code permit_mynetworks}, {@code reject_rbl_client zone},
 * {@code check_sender_access table}, ...). Implementations are immutable and thread-safe; they may
 * block on I/O (DNS) but must bound it with a timeout, and must never throw for bad client input:
 * a failure is a {@link Decision#dunno()} (logged) or a temporary {@link Decision#refuse} if the
 * operator asked for one.
 */
@FunctionalInterface
public interface Restriction {
    Decision evaluate(SmtpRequest request);
}
