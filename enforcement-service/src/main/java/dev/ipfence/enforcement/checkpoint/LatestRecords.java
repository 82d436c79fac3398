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
 * the last record applied, and after it the last record refused since (its quarantine; the store
 * keeps the applied state under it). A versioned record no newer than one already applied for its
 * key is left out, as the rule store leaves it out, so a stale copy landing after a newer one
 * cannot roll the state back; a tombstone leaves nothing of its key. A rule is held as the rule
 * it was read as, not as its bytes, so that the checkpoint holds it parsed. One writer (the topic
 * consumer).
 */
public final class LatestRecords {

    /**
     * @param applied the last record applied (null when only refused ones came)
     * @param version the newest version applied since the last tombstone, -1 for none
     * @param refused a record refused after {@code applied}, or null
     */
    private record Held(CheckpointRecord applied, long version, CheckpointRecord refused) {}

    private final Map<String, Held> byKey = new HashMap<>();

    /** Takes {@code record}, read as {@code event}, as the rule store applies {@code event}. */
    public void offer(CheckpointRecord record, RuleEvent event) {
        if (record.rule() == null
                && event instanceof RuleEvent.RuleChange change
                && RuleChangeCodec.encodable(change)) {
            record = record.asRule(change);
        }
        Held held = byKey.get(record.key());
        long newest = held == null ? -1 : held.version();
        if (event instanceof RuleEvent.Rejected) {
            byKey.put(record.key(), new Held(held == null ? null : held.applied(), newest, record));
            return;
        }
        if (event instanceof RuleEvent.Tombstone || event instanceof RuleEvent.KeyTombstone) {
            // the store forgets the key (entity, version, quarantine): so does the checkpoint, which
            // would otherwise keep every key ever deleted while the replica starts from checkpoints
            byKey.remove(record.key());
            return;
        }
        long version = versionOf(event);
        if (version < 0) {
            // no version to order it (an entity type this version ignores, an unreadable API key):
            // applied as it comes, and a refused record before it stays if the store keeps it
            // quarantined
            CheckpointRecord refused = held == null || RuleEvent.endsQuarantine(event) ? null : held.refused();
            byKey.put(record.key(), new Held(record, newest, refused));
        } else if (version > newest) {
            byKey.put(record.key(), new Held(record, version, null));
        }
    }

    public void clear() {
        byKey.clear();
    }

    /** The records held, in no particular order (see {@link #inOrder}). */
    public List<CheckpointRecord> records() {
        List<CheckpointRecord> records = new ArrayList<>(byKey.size());
        for (Held held : byKey.values()) {
            if (held.applied() != null) {
                records.add(held.applied());
            }
            if (held.refused() != null) {
                records.add(held.refused());
            }
        }
        return records;
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
