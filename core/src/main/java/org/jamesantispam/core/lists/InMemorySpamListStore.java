package org.jamesantispam.core.lists;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SpamListStore} kept in memory only (lost at restart): for tests and for components
 * built without Guice.
 */
public final class InMemorySpamListStore implements SpamListStore {
    private volatile ListSnapshot snapshot = ListSnapshot.empty();

    @Override
    public ListSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public synchronized boolean add(SpamList list, ListEntry entry) {
        List<ListEntry> entries = snapshot.entries(list);
        if (entries.contains(entry)) {
            return false;
        }
        List<ListEntry> updated = new ArrayList<>(entries);
        updated.add(entry);
        snapshot = snapshot.with(list, updated);
        return true;
    }

    @Override
    public synchronized boolean remove(SpamList list, ListEntry entry) {
        List<ListEntry> updated = new ArrayList<>(snapshot.entries(list));
        if (!updated.remove(entry)) {
            return false;
        }
        snapshot = snapshot.with(list, updated);
        return true;
    }
}
