package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.RecordKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The records of the rules topic that could not be applied, each with the narrowest scope it
 * closes, until a later record of the same entity is applied.
 */
final class Quarantine {

    private static final Logger LOG = Logger.getLogger(RuleStore.class);

    /** What the store holds that tells where a refused record belongs. */
    interface Holdings {
        /** The organization and type of a held policy entity, or null. */
        HeldPolicies.Entity policyEntity(UUID id);

        /** The scope of a held rule, or null. */
        UUID ruleScope(UUID id);

        boolean holdsEnvironment(UUID id);
    }

    private final Map<String, QuarantinedRecord> records = new LinkedHashMap<>();
    private boolean changed;

    void clear() {
        records.clear();
        changed = true;
    }

    /** Whether a record was added or released since the last {@link #records()}. */
    boolean changed() {
        return changed;
    }

    /** The records held now, in the order they came. */
    List<QuarantinedRecord> records() {
        changed = false;
        return List.copyOf(records.values());
    }

    void add(RuleEvent.Rejected refused, String source, Instant at, Holdings holdings) {
        UUID refusedId = RecordKeys.entityId(refused.key());
        HeldPolicies.Entity known = refusedId == null ? null : holdings.policyEntity(refusedId);
        RuleEvent.Rejected rejected = refused.entityType() == null && known != null
                ? new RuleEvent.Rejected(
                        refused.key(),
                        known.entityType(),
                        refused.orgId() != null ? refused.orgId() : known.orgId(),
                        refused.scopeId(),
                        refused.reason())
                : refused;
        UUID failsClosed = failsClosed(rejected, holdings);
        records.put(
                // under its key as written: only a later record of that key replaces it on the topic
                rejected.key(),
                new QuarantinedRecord(
                        rejected.key(),
                        rejected.entityType(),
                        rejected.orgId(),
                        failsClosed,
                        source,
                        rejected.reason(),
                        at));
        changed = true;
        log(rejected, source, failsClosed);
    }

    /** Whether no record is quarantined. */
    boolean isEmpty() {
        return records.isEmpty();
    }

    /** Whether the last record of {@code key} is quarantined. */
    boolean holds(String key) {
        return records.containsKey(key);
    }

    /** A later record of {@code key} was applied: it no longer closes anything. */
    void release(String key) {
        if (records.remove(key) != null) {
            changed = true;
            LOG.infof("Record %s is no longer quarantined: a later record of it was applied", key);
        }
    }

    /**
     * The narrowest scope a refused record can affect: a rule's scope (as it says, or as the store
     * knows it), an environment or project itself, else its whole organization.
     */
    static UUID failsClosed(RuleEvent.Rejected rejected, Holdings holdings) {
        // a key that is no id names no entity here: what it closes comes from its own bytes alone
        UUID id = RecordKeys.entityId(rejected.key());
        if (HeldPolicies.isPolicyEntity(rejected.entityType())) {
            // identity requests of the organization only (see Snapshot#vouchesForPolicies)
            HeldPolicies.Entity held = id == null ? null : holdings.policyEntity(id);
            return rejected.orgId() != null ? rejected.orgId() : held == null ? null : held.orgId();
        }
        UUID ruleScope = id == null ? null : holdings.ruleScope(id);
        if ("rule".equals(rejected.entityType())) {
            if (rejected.scopeId() != null) {
                return rejected.scopeId();
            }
            if (ruleScope != null) {
                return ruleScope;
            }
        }
        if (id != null && ("environment".equals(rejected.entityType()) || "project".equals(rejected.entityType()))) {
            return id;
        }
        if (rejected.orgId() != null) {
            return rejected.orgId();
        }
        if (ruleScope != null) {
            return ruleScope;
        }
        return id != null && holdings.holdsEnvironment(id) ? id : null;
    }

    private static void log(RuleEvent.Rejected rejected, String source, UUID failsClosed) {
        String type = rejected.entityType() == null ? "entity type unreadable" : rejected.entityType();
        if (failsClosed == null) {
            LOG.errorf(
                    "Quarantined record %s at %s (%s): %s; its organization cannot be read, so no chain is closed for it",
                    rejected.key(), source, type, rejected.reason());
        } else if (HeldPolicies.isPolicyEntity(rejected.entityType())) {
            LOG.errorf(
                    "Quarantined record %s at %s (%s, organization %s): %s; requests with an identity in the"
                            + " organization answer RULES_UNAVAILABLE until a valid record replaces it",
                    rejected.key(), source, type, failsClosed, rejected.reason());
        } else {
            LOG.errorf(
                    "Quarantined record %s at %s (%s, organization %s): %s; chains through %s answer RULES_UNAVAILABLE"
                            + " until a valid record replaces it",
                    rejected.key(),
                    source,
                    type,
                    rejected.orgId() == null ? "unreadable" : rejected.orgId(),
                    rejected.reason(),
                    failsClosed);
        }
    }
}
