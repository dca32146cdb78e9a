package org.jamesantispam.core.spam;

/**
 * The per-recipient spam policy: the lookups amavis makes for each recipient. Addresses are
 * {@code local@domain} strings; the null sender is {@code ""}.
 *
 * <p>This is the one seam between the filter and where lists live: today
 * {@link ConfiguredSpamPolicy} reads them from mailet/hook parameters and table files; a store
 * editable at run time (webadmin) implements this same interface.
 */
public interface SpamPolicy {
    /** Whether {@code sender} is allow- or block-listed for {@code recipient}; allow wins over block. */
    Listing senderListing(String sender, String recipient);

    /** amavis {@code spam_lovers}: the recipient gets spam delivered (tagged) instead of the destiny. */
    boolean isSpamLover(String recipient);

    /** amavis {@code local_domains}: only local recipients get the {@code X-Spam-*} headers. */
    boolean isLocal(String recipient);

    /** The recipient's tag, tag2, kill and DSN cut-off levels. */
    SpamLevels levels(String recipient);
}
