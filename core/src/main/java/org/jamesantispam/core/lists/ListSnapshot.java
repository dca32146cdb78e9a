package org.jamesantispam.core.lists;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jamesantispam.core.spam.AddressList;
import org.jamesantispam.core.spam.AddressPattern;

/**
 * An immutable view of every {@link SpamList} at one moment, compiled for lookups: what the filter
 * consults for each message (no I/O, no lock). A store replaces its snapshot on every write.
 *
 * <p>Lookup order for a recipient, first match deciding (amavis ACL semantics: a matching
 * {@code !entry} says "not listed"): the entries scoped to recipients that match, one scope after
 * the other in the order the scopes were first added, then the entries for everyone, each group
 * in the order its entries were added.
 */
public final class ListSnapshot {
    private static final ListSnapshot EMPTY = new ListSnapshot(new EnumMap<>(SpamList.class));

    private final Map<SpamList, List<ListEntry>> entries;
    private final Map<SpamList, Compiled> compiled;

    private ListSnapshot(Map<SpamList, List<ListEntry>> entries) {
        EnumMap<SpamList, List<ListEntry>> copy = new EnumMap<>(SpamList.class);
        EnumMap<SpamList, Compiled> lookups = new EnumMap<>(SpamList.class);
        for (SpamList list : SpamList.values()) {
            List<ListEntry> listEntries = List.copyOf(entries.getOrDefault(list, List.of()));
            copy.put(list, listEntries);
            lookups.put(list, Compiled.of(listEntries));
        }
        this.entries = copy;
        this.compiled = lookups;
    }

    public static ListSnapshot empty() {
        return EMPTY;
    }

    /** A snapshot with these entries (lists not given are empty). */
    public static ListSnapshot of(Map<SpamList, List<ListEntry>> entries) {
        return new ListSnapshot(entries);
    }

    /** This snapshot with {@code list} replaced by {@code newEntries}. */
    public ListSnapshot with(SpamList list, List<ListEntry> newEntries) {
        Map<SpamList, List<ListEntry>> copy = new EnumMap<>(entries);
        copy.put(list, newEntries);
        return new ListSnapshot(copy);
    }

    /** The entries of {@code list}, in the order they were added. */
    public List<ListEntry> entries(SpamList list) {
        return entries.get(list);
    }

    /** Whether {@code list} lists {@code address} for mail to {@code recipient}. */
    public boolean lists(SpamList list, String address, String recipient) {
        return compiled.get(list).contains(address, recipient);
    }

    /** Whether the allow list has {@code sender} for {@code recipient}. */
    public boolean allows(String sender, String recipient) {
        return lists(SpamList.ALLOW_SENDERS, sender, recipient);
    }

    /** Whether the block list has {@code sender} for {@code recipient}. */
    public boolean blocks(String sender, String recipient) {
        return lists(SpamList.BLOCK_SENDERS, sender, recipient);
    }

    public boolean isSpamLover(String recipient) {
        return lists(SpamList.SPAM_LOVERS, recipient, recipient);
    }

    /** One list, grouped: scoped groups (scope list + entries), then the entries for everyone. */
    private record Compiled(List<Scoped> scoped, AddressList everyone) {
        static Compiled of(List<ListEntry> entries) {
            Map<String, List<ListEntry>> byScope = new LinkedHashMap<>();
            List<AddressPattern> forEveryone = new ArrayList<>();
            for (ListEntry entry : entries) {
                if (entry.recipient().isPresent()) {
                    byScope.computeIfAbsent(entry.recipient().get(), scope -> new ArrayList<>()).add(entry);
                } else {
                    forEveryone.add(entry.compiledPattern());
                }
            }
            List<Scoped> scoped = new ArrayList<>();
            byScope.values().forEach(group -> scoped.add(new Scoped(
                AddressList.of(List.of(group.get(0).compiledRecipient().orElseThrow())),
                AddressList.of(group.stream().map(ListEntry::compiledPattern).toList()))));
            return new Compiled(List.copyOf(scoped), AddressList.of(forEveryone));
        }

        boolean contains(String address, String recipient) {
            for (Scoped group : scoped) {
                if (group.recipients().contains(recipient)) {
                    Optional<AddressPattern> match = group.entries().firstMatch(address);
                    if (match.isPresent()) {
                        return !match.get().isNegated();
                    }
                }
            }
            return everyone.contains(address);
        }
    }

    private record Scoped(AddressList recipients, AddressList entries) {
    }
}
