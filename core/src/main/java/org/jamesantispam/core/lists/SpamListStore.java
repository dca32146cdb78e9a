package org.jamesantispam.core.lists;

import java.io.IOException;
import java.util.List;

import com.google.inject.ImplementedBy;

/**
 * Where the run-time editable lists of the content filter live: the sender allow list, the sender
 * block list and the spam lovers ({@link SpamList}). {@code ScoreWithSpamd} and
 * {@code DataSpamHook} consult {@link #snapshot()} for every message, in addition to their
 * configured lists; the webadmin routes ({@code /antispam/lists}) edit it.
 *
 * <p>The default implementation is {@link FileSpamListStore}: one file per list under James'
 * {@code var/antispam/lists/}, for one James server. To share the lists between several James
 * nodes, implement this interface over a shared store (a database, a replicated key-value store)
 * and bind it in a Guice module named in {@code extensions.properties}; an explicit binding
 * replaces the {@link ImplementedBy} default:
 * <pre>{@code
 * # conf/extensions.properties
 * guice.extension.module=com.example.SharedListsModule
 *
 * public class SharedListsModule extends AbstractModule {
 *     protected void configure() {
 *         bind(SpamListStore.class).to(SqlSpamListStore.class).in(Scopes.SINGLETON);
 *     }
 * }
 * }</pre>
 * Implementations must be thread-safe and keep {@link #snapshot()} cheap (it is called several
 * times per message, on SMTP and spooler threads): keep an in-memory {@link ListSnapshot} and
 * replace it when the lists change (after each local write, and when another node's write is
 * noticed, by polling or notification).
 */
@ImplementedBy(FileSpamListStore.class)
public interface SpamListStore {
    /** The current lists; never blocks on I/O. */
    ListSnapshot snapshot();

    /** The entries of {@code list}, in the order they were added. */
    default List<ListEntry> entries(SpamList list) {
        return snapshot().entries(list);
    }

    /**
     * Adds {@code entry} at the end of {@code list}, durably, before returning; the next message
     * sees it.
     *
     * @return false when the list already has it (nothing changes)
     * @throws IOException when the list cannot be stored (the list is unchanged)
     */
    boolean add(SpamList list, ListEntry entry) throws IOException;

    /**
     * Removes {@code entry} from {@code list}, durably, before returning.
     *
     * @return false when the list does not have it
     * @throws IOException when the list cannot be stored (the list is unchanged)
     */
    boolean remove(SpamList list, ListEntry entry) throws IOException;
}
