package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.web.apikeys.ApiKeyTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For each record key of the rules topic, the records the rule state took from it: what a
 * checkpoint holds. Replayed in order, they give the state the whole topic gives. Two tracks per
 * key, each replayed with the other's records in topic order:
 *
 * <ul>
 *   <li>the rule store's: for each kind of entity it holds (rule, environment, policy entity), the
 *       last versioned record of that kind it applied, and after the newest of them the last
 *       record refused since (its quarantine) and the last one without a version (an entity type
 *       this version ignores). The store keeps an entity of each kind under one id, ordered by one
 *       version, so a record of one kind under another's id leaves that other entity held, and so
 *       does the checkpoint. Neither a refused nor an unversioned record replaces a versioned one:
 *       the store keeps its entity and version, so that a stale copy landing later cannot roll the
 *       state back;
 *   <li>the API key table's: the last record that gave the key its version, and after it the last
 *       one that refused the key without a version (an unreadable key record, or any other record
 *       under the key's id).
 * </ul>
 *
 * A record no newer than one already taken is left out, as the store and the table leave it out;
 * a tombstone leaves nothing of its key. A rule or a deletion is held as the event the store
 * applied, not as its bytes ({@link CheckpointRecord#heldAs}). Each record held says which tracks
 * hold it ({@link CheckpointRecord.AppliedTo}): a start from the checkpoint gives it to those
 * only, as a record the key table still needs may be one the store has left behind. One writer
 * (the topic consumer).
 */
public final class LatestRecords {

    /**
     * @param rule the last rule record the store applied (null when none came)
     * @param environment the last environment record the store applied
     * @param policyEntity the last admission rule, policy group or policy record the store applied
     * @param version the newest version the store applied since the last tombstone, -1 for none
     * @param refused a record refused after the newest versioned record that holds its key quarantined
     * @param unversioned the last other record without a version the store took after the newest versioned one
     * @param keyVersion the last record that gave the API key of this id its version
     * @param keyRefusal a record that refused that key after {@code keyVersion}
     */
    private record Held(
            CheckpointRecord rule,
            CheckpointRecord environment,
            CheckpointRecord policyEntity,
            long version,
            CheckpointRecord refused,
            CheckpointRecord unversioned,
            CheckpointRecord keyVersion,
            CheckpointRecord keyRefusal) {

        static final Held NONE = new Held(null, null, null, -1, null, null, null, null);

        Held withQuarantine(CheckpointRecord refused, CheckpointRecord unversioned) {
            return new Held(rule, environment, policyEntity, version, refused, unversioned, keyVersion, keyRefusal);
        }

        /** {@code record}, applied in {@code version}, as the last of its kind; it ends the quarantine. */
        Held withApplied(CheckpointRecord record, RuleEvent event, long version) {
            return new Held(
                    event instanceof RuleEvent.RuleChange ? record : rule,
                    event instanceof RuleEvent.EnvironmentChange ? record : environment,
                    event instanceof RuleEvent.PolicyEntityChange ? record : policyEntity,
                    version,
                    null,
                    null,
                    keyVersion,
                    keyRefusal);
        }

        Held withKey(CheckpointRecord keyVersion, CheckpointRecord keyRefusal) {
            return new Held(rule, environment, policyEntity, version, refused, unversioned, keyVersion, keyRefusal);
        }
    }

    private final Map<String, Held> byKey = new HashMap<>();

    /**
     * Takes {@code record}: read as {@code event}, the rule store applied it ({@code event} is the
     * record as the store applied it, null when the store left it out), and {@code key} is what it
     * did to the API key table.
     */
    public void offer(CheckpointRecord record, RuleEvent event, ApiKeyTable.Change key) {
        if (event instanceof RuleEvent.Tombstone || event instanceof RuleEvent.KeyTombstone) {
            // the store and the table forget the key (entities, version, quarantine): so does the
            // checkpoint, which would otherwise keep every key ever deleted
            byKey.remove(record.key());
            return;
        }
        // one lookup of the key: what it holds is replaced, or nothing is added when nothing was taken
        byKey.compute(record.key(), (k, before) -> {
            Held held = taken(before == null ? Held.NONE : before, record, event, key);
            return held == Held.NONE ? null : held;
        });
    }

    /** What {@code held} becomes with {@code record} taken (see {@link #offer}). */
    private static Held taken(Held held, CheckpointRecord record, RuleEvent event, ApiKeyTable.Change key) {
        if (event != null) {
            held = takenByStore(held, record, event);
        }
        if (key == ApiKeyTable.Change.VERSION) {
            held = held.withKey(record.appliedTo(CheckpointRecord.AppliedTo.KEYS), null);
        } else if (key == ApiKeyTable.Change.REFUSAL) {
            held = held.withKey(held.keyVersion(), record.appliedTo(CheckpointRecord.AppliedTo.KEYS));
        }
        return held;
    }

    private static Held takenByStore(Held held, CheckpointRecord record, RuleEvent event) {
        if (event instanceof RuleEvent.Rejected) {
            return held.withQuarantine(record.appliedTo(CheckpointRecord.AppliedTo.STORE), held.unversioned());
        }
        if (event instanceof RuleEvent.ApiKeyChange change && change.problem() != null) {
            // the key's refusal, the API key table's part: nothing of the store's
            return held;
        }
        long version = versionOf(event);
        if (version < 0) {
            // applied as it comes; it ends a quarantine the refused record held
            CheckpointRecord refused = RuleEvent.endsQuarantine(event) ? null : held.refused();
            return held.withQuarantine(refused, record.appliedTo(CheckpointRecord.AppliedTo.STORE));
        }
        if (version > held.version()) {
            // as the store applied it: a rule parsed, and a rule that left this shard as its deletion
            return held.withApplied(record.heldAs(event), event, version);
        }
        return held;
    }

    public void clear() {
        byKey.clear();
    }

    /** The records held, in no particular order (see {@link #inOrder}). */
    public List<CheckpointRecord> records() {
        List<CheckpointRecord> records = new ArrayList<>(byKey.size());
        for (Held held : byKey.values()) {
            int from = records.size();
            addHeld(records, from, held.rule());
            addHeld(records, from, held.environment());
            addHeld(records, from, held.policyEntity());
            addHeld(records, from, held.refused());
            addHeld(records, from, held.unversioned());
            addHeld(records, from, held.keyVersion());
            addHeld(records, from, held.keyRefusal());
        }
        return records;
    }

    /**
     * Adds {@code record} unless null; when it is already added for its key (both tracks hold it),
     * that one is applied to both.
     */
    private static void addHeld(List<CheckpointRecord> records, int from, CheckpointRecord record) {
        if (record == null) {
            return;
        }
        for (int i = from; i < records.size(); i++) {
            CheckpointRecord added = records.get(i);
            if (added.offset() == record.offset() && added.partition() == record.partition()) {
                records.set(i, added.appliedTo(added.appliedTo().and(record.appliedTo())));
                return;
            }
        }
        records.add(record);
    }

    /** {@code records} sorted by partition, then offset, in a new list. */
    public static List<CheckpointRecord> inOrder(List<CheckpointRecord> records) {
        List<CheckpointRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(CheckpointRecord::partition).thenComparingLong(CheckpointRecord::offset));
        return sorted;
    }

    /**
     * The version by which the rule store orders {@code event}, or -1 when it orders it by none
     * (an API key's version is the API key table's, kept in its own track).
     */
    static long versionOf(RuleEvent event) {
        if (event instanceof RuleEvent.RuleChange change) {
            return change.version();
        } else if (event instanceof RuleEvent.EnvironmentChange change) {
            return change.version();
        } else if (event instanceof RuleEvent.PolicyEntityChange change) {
            return change.version();
        }
        return -1;
    }
}
