package org.jamesantispam.core.content;

import java.util.List;
import java.util.Optional;

import org.jamesantispam.core.content.ContentAction.Kind;

/**
 * What the content checks found in one message: every rule that matched (in message order) and,
 * derived from them with Postfix's rules, what to do. REJECT, DISCARD and PASS end the checks (so at
 * most one of them, and it is the last hit); HOLD applies once; of several REDIRECT or FILTER actions
 * the last wins, and REDIRECT overrides FILTER; every BCC adds a recipient; PREPEND, REPLACE, IGNORE
 * and STRIP edit their line.
 */
public final class ContentVerdict {
    /** Nothing matched. */
    public static final ContentVerdict NONE = new ContentVerdict(List.of(), "\r\n");

    private final List<ContentHit> hits;
    private final String lineSeparator;

    ContentVerdict(List<ContentHit> hits, String lineSeparator) {
        this.hits = List.copyOf(hits);
        this.lineSeparator = lineSeparator;
    }

    /** The message's line terminator (that of its first line): what inserted lines end with. */
    public String lineSeparator() {
        return lineSeparator;
    }

    /** Every hit, in message order (DUNNO matches are not hits). */
    public List<ContentHit> hits() {
        return hits;
    }

    public boolean isEmpty() {
        return hits.isEmpty();
    }

    /** The REJECT hit, if the message is to be refused. */
    public Optional<ContentHit> rejection() {
        return last(Kind.REJECT);
    }

    /** The DISCARD hit, if the message is to be dropped. */
    public Optional<ContentHit> discard() {
        return last(Kind.DISCARD);
    }

    /** The first HOLD hit. */
    public Optional<ContentHit> hold() {
        return hits.stream().filter(hit -> hit.action().kind() == Kind.HOLD).findFirst();
    }

    /** The last REDIRECT hit. */
    public Optional<ContentHit> redirect() {
        return last(Kind.REDIRECT);
    }

    /** The last FILTER hit, unless a REDIRECT overrides it. */
    public Optional<ContentHit> filter() {
        return redirect().isPresent() ? Optional.empty() : last(Kind.FILTER);
    }

    /** Every BCC hit. */
    public List<ContentHit> bccs() {
        return hits.stream().filter(hit -> hit.action().kind() == Kind.BCC).toList();
    }

    /** PREPEND, REPLACE, IGNORE and STRIP hits, in message order. */
    public List<ContentHit> edits() {
        return hits.stream().filter(hit -> hit.action().kind().editsMessage()).toList();
    }

    private Optional<ContentHit> last(Kind kind) {
        for (int i = hits.size() - 1; i >= 0; i--) {
            if (hits.get(i).action().kind() == kind) {
                return Optional.of(hits.get(i));
            }
        }
        return Optional.empty();
    }

    /** One {@link ContentHit#describe()} per hit: the value of the mail attribute recording the checks. */
    public List<String> describeHits() {
        return hits.stream().map(ContentHit::describe).toList();
    }

    @Override
    public String toString() {
        return "ContentVerdict" + describeHits();
    }
}
