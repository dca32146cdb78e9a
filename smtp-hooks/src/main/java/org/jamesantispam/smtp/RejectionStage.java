package org.jamesantispam.smtp;

/**
 * When a client or HELO restriction answers. {@link #RCPT} is Postfix's default
 * {@code smtpd_delay_reject = yes}: the refusal comes at RCPT TO, so the reply names the recipient
 * and the log names the sender; {@link #HELO} refuses at once.
 */
enum RejectionStage {
    HELO,
    RCPT
}
