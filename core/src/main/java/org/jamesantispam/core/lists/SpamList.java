package org.jamesantispam.core.lists;

import java.util.Arrays;
import java.util.Optional;

/**
 * The lists of the content filter that can be edited at run time (webadmin
 * {@code /antispam/lists/{list}}), each named as in the URL. They add to the lists configured on
 * {@code ScoreWithSpamd} / {@code DataSpamHook} (amavis names in brackets).
 */
public enum SpamList {
    /** Senders whose mail is never spam ({@code whitelist_sender}); wins over the block list. */
    ALLOW_SENDERS("allow-senders", true),
    /** Senders whose mail is always spam ({@code blacklist_sender}). */
    BLOCK_SENDERS("block-senders", true),
    /** Recipients who get spam delivered, tagged, instead of the spam destiny ({@code spam_lovers}). */
    SPAM_LOVERS("spam-lovers", false);

    private final String listName;
    private final boolean perRecipient;

    SpamList(String listName, boolean perRecipient) {
        this.listName = listName;
        this.perRecipient = perRecipient;
    }

    /** The name in URLs and file names: {@code allow-senders}, {@code block-senders}, {@code spam-lovers}. */
    public String listName() {
        return listName;
    }

    /** Whether entries may apply to one recipient (or recipient domain) only: the sender lists. */
    public boolean allowsRecipientScope() {
        return perRecipient;
    }

    /** The list called {@code name} (exact, lower case), if any. */
    public static Optional<SpamList> named(String name) {
        return Arrays.stream(values()).filter(list -> list.listName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return listName;
    }
}
