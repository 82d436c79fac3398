package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.enforcement.state.RuleEvent;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The deletion of a rule, admission rule, policy group or policy as a checkpoint holds it: the
 * deletion the rule store applied, which is not always what the record's bytes say. A replica of
 * one shard applies a record that moves a held rule to another shard's organization as the rule's
 * deletion; held as those bytes, a restore would read them as a record of the other shard, keep no
 * version, and let a stale copy of the rule apply again. Layout (big-endian): the entity type's
 * code (its own, not an enum's order), the version, the id and the organization (a flag, then the
 * id when present).
 */
final class DeletionCodec {

    private static final byte RULE = 1;
    private static final byte ADMISSION_RULE = 2;
    private static final byte POLICY_GROUP = 3;
    private static final byte POLICY = 4;
    // the organization flag, as RuleChangeCodec writes it
    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    private DeletionCodec() {}

    /** Whether {@code event} is a deletion this codec holds. */
    static boolean encodable(RuleEvent event) {
        return event instanceof RuleEvent.RuleChange rule && rule.rule() == null
                || event instanceof RuleEvent.PolicyEntityChange entity && entity.state() == null;
    }

    static void write(RuleEvent deletion, DataOutput out) throws IOException {
        if (!encodable(deletion)) {
            throw new IllegalArgumentException("not a deletion of a rule or policy entity: " + deletion);
        }
        UUID id;
        long version;
        UUID orgId;
        if (deletion instanceof RuleEvent.RuleChange change) {
            out.writeByte(RULE);
            id = change.id();
            version = change.version();
            orgId = change.orgId();
        } else {
            RuleEvent.PolicyEntityChange change = (RuleEvent.PolicyEntityChange) deletion;
            out.writeByte(typeCode(change));
            id = change.id();
            version = change.version();
            orgId = change.orgId();
        }
        out.writeLong(version);
        RuleChangeCodec.writeUuid(id, out);
        RuleChangeCodec.writeNullableUuid(orgId, out);
    }

    private static byte typeCode(RuleEvent.PolicyEntityChange change) {
        if (change instanceof RuleEvent.AdmissionRuleChange) {
            return ADMISSION_RULE;
        }
        return change instanceof RuleEvent.PolicyGroupChange ? POLICY_GROUP : POLICY;
    }

    /** The deletion in {@code in}, which must hold exactly it. */
    static RuleEvent read(ByteBuffer in) throws CheckpointException {
        try {
            byte type = in.get();
            long version = in.getLong();
            UUID id = RuleChangeCodec.readUuid(in);
            UUID orgId = switch (in.get()) {
                case ABSENT -> null;
                case PRESENT -> RuleChangeCodec.readUuid(in);
                default -> throw new CheckpointException("a deletion's organization flag is invalid");
            };
            if (version < 0) {
                throw new CheckpointException("a deletion's version is " + version);
            }
            if (in.hasRemaining()) {
                throw new CheckpointException("a deletion has " + in.remaining() + " bytes more than it holds");
            }
            return switch (type) {
                case RULE -> new RuleEvent.RuleChange(id, version, orgId, null);
                case ADMISSION_RULE -> new RuleEvent.AdmissionRuleChange(id, version, orgId, null);
                case POLICY_GROUP -> new RuleEvent.PolicyGroupChange(id, version, orgId, null);
                case POLICY -> new RuleEvent.PolicyChange(id, version, orgId, null);
                default -> throw new CheckpointException("a deletion's entity type code " + type + " is unknown");
            };
        } catch (BufferUnderflowException e) {
            throw new CheckpointException("a deletion ends early", e);
        }
    }
}
