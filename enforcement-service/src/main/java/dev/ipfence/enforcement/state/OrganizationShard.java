package dev.ipfence.enforcement.state;

import java.util.UUID;

/**
 * The organizations one enforcement replica holds the rules of: shard {@code index} of {@code
 * count}. An organization belongs to the shard numbered by the XOR of the four 32-bit words of its
 * id, unsigned, modulo the count (docs/operations.md, "Shards"), so ids spread evenly. A replica keeps
 * every environment (to know which shard serves it) but the rules and policies of its own
 * organizations only, and denies a decision for any other organization ({@code OTHER_SHARD}).
 */
public record OrganizationShard(int index, int count) {

    /** One shard holding every organization: the default. */
    public static final OrganizationShard ALL = new OrganizationShard(0, 1);

    public OrganizationShard {
        if (count < 1) {
            throw new IllegalArgumentException("ipfence.enforcement.shard.count must be at least 1, not " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("ipfence.enforcement.shard.index must be from 0 to " + (count - 1)
                    + " (shard.count " + count + "), not " + index);
        }
    }

    /** The shard of {@code orgId} among {@code count}. */
    public static int of(UUID orgId, int count) {
        // UUID.hashCode() is the XOR of the id's four 32-bit words
        return (int) (Integer.toUnsignedLong(orgId.hashCode()) % count);
    }

    /** Whether this replica decides for {@code orgId}. */
    public boolean serves(UUID orgId) {
        return count == 1 || of(orgId, count) == index;
    }

    /**
     * Whether this replica keeps {@code event}: every record except the rules, policies, policy
     * groups and admission rules of another shard's organizations. A record refused is kept
     * whatever organization it names, as that may be what is wrong with it: the store quarantines
     * it and closes what it names, as the replica of all does, whatever came before it (closing
     * another shard's scope here changes nothing: it answers {@code OTHER_SHARD}).
     */
    public boolean holds(RuleEvent event) {
        if (count == 1) {
            return true;
        }
        UUID orgId = null;
        if (event instanceof RuleEvent.RuleChange change) {
            orgId = change.orgId();
        } else if (event instanceof RuleEvent.PolicyEntityChange change) {
            orgId = change.orgId();
        } else if (event instanceof RuleEvent.Rejected) {
            return true;
        }
        return orgId == null || serves(orgId);
    }

    /**
     * The deletion of the entity a rule, admission rule, policy group or policy record names, or
     * null for any other record: what a record of another shard's organization means for an entity
     * this shard holds (rules do not move between organizations, but a malformed record may say
     * so, and the replica of all would move it away).
     */
    static RuleEvent deletionOf(RuleEvent event) {
        if (event instanceof RuleEvent.RuleChange change) {
            return new RuleEvent.RuleChange(change.id(), change.version(), null, null);
        }
        if (event instanceof RuleEvent.AdmissionRuleChange change) {
            return new RuleEvent.AdmissionRuleChange(change.id(), change.version(), null, null);
        }
        if (event instanceof RuleEvent.PolicyGroupChange change) {
            return new RuleEvent.PolicyGroupChange(change.id(), change.version(), null, null);
        }
        if (event instanceof RuleEvent.PolicyChange change) {
            return new RuleEvent.PolicyChange(change.id(), change.version(), null, null);
        }
        return null;
    }

    /** As written in a checkpoint and logs: {@code 0/2}. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
