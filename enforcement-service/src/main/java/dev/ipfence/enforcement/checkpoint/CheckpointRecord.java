package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.enforcement.state.RuleEventReader;

/**
 * One record of {@code ipfence.rules.v1} as it was read: where it was, its key and either its
 * value as on the topic (null for a tombstone) or, for a rule with its rule or a deletion of a rule
 * or policy entity, the event the rule store applied ({@code parsed}, then {@code value} is null):
 * a checkpoint keeps those in that form, so a start from it reads no JSON, parses no address, and
 * applies what the store applied. Never modified once read.
 *
 * @param parsed the event this record was applied as, or null when {@code value} is what it holds
 * @param appliedTo what a start from a checkpoint gives this record to: what kept it ({@link
 *     LatestRecords}); a record read from the topic goes to both
 */
public record CheckpointRecord(
        int partition, long offset, String key, byte[] value, RuleEvent parsed, AppliedTo appliedTo) {

    /** What of the rule state a record is applied to. */
    public enum AppliedTo {
        /** The rule store only. */
        STORE,
        /** The API key table only. */
        KEYS,
        /** Both, as every record read from the topic. */
        BOTH;

        public boolean store() {
            return this != KEYS;
        }

        public boolean keys() {
            return this != STORE;
        }

        /** This and {@code other} together. */
        AppliedTo and(AppliedTo other) {
            return this == other ? this : BOTH;
        }
    }

    public CheckpointRecord {
        if (parsed != null && (value != null || !holdsParsed(parsed))) {
            throw new IllegalArgumentException(
                    "a record held parsed holds a rule with its rule, or a deletion, and no value");
        }
        if (appliedTo == null) {
            throw new IllegalArgumentException("a record is applied to the store, the API keys or both");
        }
    }

    /** A record as on the topic: {@code value} null for a tombstone. */
    public CheckpointRecord(int partition, long offset, String key, byte[] value) {
        this(partition, offset, key, value, null, AppliedTo.BOTH);
    }

    /**
     * Whether a checkpoint holds {@code event} parsed rather than as its bytes: a rule change
     * carrying a rule under its own id ({@link RuleChangeCodec}), or a deletion of a rule or policy
     * entity ({@link DeletionCodec}).
     */
    static boolean holdsParsed(RuleEvent event) {
        return event instanceof RuleEvent.RuleChange change && RuleChangeCodec.encodable(change)
                || DeletionCodec.encodable(event);
    }

    /**
     * This record as the rule store's track of a checkpoint holds it once the store applied it as
     * {@code applied}: that event without the bytes when it is held parsed, and for the store only.
     */
    CheckpointRecord heldAs(RuleEvent applied) {
        if (applied == parsed || !holdsParsed(applied)) {
            // read from a checkpoint as it is held, or held as its bytes
            return appliedTo(AppliedTo.STORE);
        }
        return new CheckpointRecord(partition, offset, key, null, applied, AppliedTo.STORE);
    }

    /** This record applied to {@code target}: itself when it already is. */
    CheckpointRecord appliedTo(AppliedTo target) {
        return target == appliedTo ? this : new CheckpointRecord(partition, offset, key, value, parsed, target);
    }

    /** The event this record is: what it holds parsed, else its value read by {@code reader}. */
    public RuleEvent read(RuleEventReader reader) {
        return parsed != null ? parsed : reader.read(key, value);
    }
}
