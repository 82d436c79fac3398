package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.enforcement.state.RuleEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For each record key of the rules topic, the records the rule state took from it: what a
 * checkpoint holds. Replayed in order, they give the state the whole topic gives. Per key that is
 * the last versioned record applied, and after it the last record since of each kind that carries
 * no version: refused (its quarantine), an API key's that cannot be read (the key's refusal), and
 * any other (an entity type this version ignores). None of those replaces the versioned record:
 * the store keeps its entity, and the API key table its version, so that a stale copy landing
 * later cannot roll the state back. A versioned record no newer than one already applied is left
 * out, as the rule store leaves it out; a tombstone leaves nothing of its key. A rule is held as
 * the rule it was read as, not as its bytes, so that the checkpoint holds it parsed. One writer
 * (the topic consumer).
 */
public final class LatestRecords {

    /**
     * @param applied the last versioned record applied (null when none came)
     * @param version the newest version applied since the last tombstone, -1 for none
     * @param refused a record refused after {@code applied} that still holds its key quarantined
     * @param keyRefused an API key's record that could not be read, after {@code applied}
     * @param unversioned the last other record without a version, after {@code applied}
     */
    private record Held(
            CheckpointRecord applied,
            long version,
            CheckpointRecord refused,
            CheckpointRecord keyRefused,
            CheckpointRecord unversioned) {

        static final Held NONE = new Held(null, -1, null, null, null);
    }

    private final Map<String, Held> byKey = new HashMap<>();

    /** Takes {@code record}, read as {@code event}, as the rule store applies {@code event}. */
    public void offer(CheckpointRecord record, RuleEvent event) {
        if (record.rule() == null
                && event instanceof RuleEvent.RuleChange change
                && RuleChangeCodec.encodable(change)) {
            record = record.asRule(change);
        }
        if (event instanceof RuleEvent.Tombstone || event instanceof RuleEvent.KeyTombstone) {
            // the store forgets the key (entity, version, quarantine): so does the checkpoint, which
            // would otherwise keep every key ever deleted while the replica starts from checkpoints
            byKey.remove(record.key());
            return;
        }
        Held held = byKey.getOrDefault(record.key(), Held.NONE);
        if (event instanceof RuleEvent.Rejected) {
            byKey.put(
                    record.key(),
                    new Held(held.applied(), held.version(), record, held.keyRefused(), held.unversioned()));
        } else if (event instanceof RuleEvent.ApiKeyChange key && key.problem() != null) {
            byKey.put(
                    record.key(), new Held(held.applied(), held.version(), held.refused(), record, held.unversioned()));
        } else {
            long version = versionOf(event);
            if (version < 0) {
                // applied as it comes; it ends a quarantine the refused record held
                CheckpointRecord refused = RuleEvent.endsQuarantine(event) ? null : held.refused();
                byKey.put(record.key(), new Held(held.applied(), held.version(), refused, held.keyRefused(), record));
            } else if (version > held.version()) {
                byKey.put(record.key(), new Held(record, version, null, null, null));
            }
        }
    }

    public void clear() {
        byKey.clear();
    }

    /** The records held, in no particular order (see {@link #inOrder}). */
    public List<CheckpointRecord> records() {
        List<CheckpointRecord> records = new ArrayList<>(byKey.size());
        for (Held held : byKey.values()) {
            addHeld(records, held.applied());
            addHeld(records, held.refused());
            addHeld(records, held.keyRefused());
            addHeld(records, held.unversioned());
        }
        return records;
    }

    private static void addHeld(List<CheckpointRecord> records, CheckpointRecord record) {
        if (record != null) {
            records.add(record);
        }
    }

    /** {@code records} sorted by partition, then offset, in a new list. */
    public static List<CheckpointRecord> inOrder(List<CheckpointRecord> records) {
        List<CheckpointRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(CheckpointRecord::partition).thenComparingLong(CheckpointRecord::offset));
        return sorted;
    }

    /** The entity version an event carries, or -1 when it carries none that orders it. */
    static long versionOf(RuleEvent event) {
        if (event instanceof RuleEvent.RuleChange change) {
            return change.version();
        } else if (event instanceof RuleEvent.EnvironmentChange change) {
            return change.version();
        } else if (event instanceof RuleEvent.PolicyEntityChange change) {
            return change.version();
        } else if (event instanceof RuleEvent.ApiKeyChange change) {
            return change.problem() == null ? change.version() : -1;
        }
        return -1;
    }
}
