package org.jamesantispam.core.access;

import org.jamesantispam.core.table.TableEntry;

/**
 * What an access table answered for a request: the key that was found, the table line and its
 * result, and the name the reply shows ({@link AccessSubject#replyName()}).
 */
public record AccessAnswer(AccessKey key, TableEntry entry, AccessResult result, String replyName) {
}
