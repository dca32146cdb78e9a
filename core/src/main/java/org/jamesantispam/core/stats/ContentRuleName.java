package org.jamesantispam.core.stats;

import org.jamesantispam.core.content.ContentHit;

/**
 * How statistics name a content-check rule: the Postfix table parameter, the table's file name and
 * line, and the action's keyword, e.g. {@code header_checks header_checks:3 REJECT} (the directory
 * is left out: it differs between installations, the file name and line identify the rule).
 */
public final class ContentRuleName {
    private ContentRuleName() {
    }

    public static String of(ContentHit hit) {
        String table = hit.table();
        int slash = Math.max(table.lastIndexOf('/'), table.lastIndexOf('\\'));
        return hit.scope().postfixName() + " " + table.substring(slash + 1) + ":" + hit.tableLine() + " " + hit.action().kind().name();
    }
}
