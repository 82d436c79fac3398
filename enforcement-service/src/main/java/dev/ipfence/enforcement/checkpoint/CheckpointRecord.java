package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.enforcement.state.RuleEventReader;

/**
 * One record of {@code ipfence.rules.v1} as it was read: where it was, its key and either its
 * value as on the topic (null for a tombstone) or, for a rule that holds, the rule it was read as
 * ({@code rule}, then {@code value} is null): a checkpoint keeps a rule in that form, so a start
 * from it reads no JSON and parses no address. Never modified once read.
 *
 * @param rule the record read as a rule change with a rule, or null when {@code value} is what it holds
 */
public record CheckpointRecord(int partition, long offset, String key, byte[] value, RuleEvent.RuleChange rule) {

    public CheckpointRecord {
        if (rule != null && (value != null || rule.rule() == null)) {
            throw new IllegalArgumentException("a record held as a rule holds a rule and no value");
        }
    }

    /** A record as on the topic: {@code value} null for a tombstone. */
    public CheckpointRecord(int partition, long offset, String key, byte[] value) {
        this(partition, offset, key, value, null);
    }

    /** This record held as {@code change}, the rule it was read as, without its bytes. */
    public CheckpointRecord asRule(RuleEvent.RuleChange change) {
        return new CheckpointRecord(partition, offset, key, null, change);
    }

    /** Whether this is a tombstone (no value and no rule). */
    public boolean tombstone() {
        return value == null && rule == null;
    }

    /** The event this record is: the rule it holds, else its value read by {@code reader}. */
    public RuleEvent read(RuleEventReader reader) {
        return rule != null ? rule : reader.read(key, value);
    }
}
