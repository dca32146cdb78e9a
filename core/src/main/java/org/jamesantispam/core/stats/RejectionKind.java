package org.jamesantispam.core.stats;

/** Which defence refused: the family of the check that decided. */
public enum RejectionKind {
    /** {@code SmtpdRestrictionsHook}: Postfix restriction lists (DNSBL, HELO syntax, access tables...). */
    RESTRICTIONS("restrictions"),
    /** {@code ContentChecksHook}, {@code ApplyContentChecks}: header/body check tables. */
    CONTENT_CHECKS("contentChecks"),
    /** {@code BannedAttachmentHook}: banned attachment names. */
    BANNED_ATTACHMENTS("bannedAttachments"),
    /** {@code DataSpamHook}: spam refused at end of DATA ({@code D_REJECT}), or 451 when spamd is unavailable. */
    SPAM("spam");

    private final String key;

    RejectionKind(String key) {
        this.key = key;
    }

    /** The name used in JSON: {@code contentChecks}. */
    public String key() {
        return key;
    }
}
