package dev.ipfence.enforcement.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.RecordKeys;
import dev.ipfence.core.model.Rule;
import java.util.UUID;

/** One record of {@code ipfence.rules.v1} as enforcement reads it ({@link RuleEventReader}). */
public sealed interface RuleEvent {

    /** The record key as written. */
    String key();

    /**
     * Whether applying {@code event} ends the quarantine of its key: a record read as valid does;
     * a refused record, or an API key's record that cannot be read (it refuses the key), does not.
     */
    static boolean endsQuarantine(RuleEvent event) {
        return !(event instanceof Rejected) && !(event instanceof ApiKeyChange key && key.problem() != null);
    }

    /**
     * The entity type {@code event} is a record of, as the contract names it, or null for a
     * tombstone or a refused record.
     */
    static String entityType(RuleEvent event) {
        if (event instanceof RuleChange) {
            return "rule";
        } else if (event instanceof EnvironmentChange) {
            return "environment";
        } else if (event instanceof AdmissionRuleChange) {
            return "admissionRule";
        } else if (event instanceof PolicyGroupChange) {
            return "policyGroup";
        } else if (event instanceof PolicyChange) {
            return "policy";
        } else if (event instanceof ApiKeyChange) {
            return "apiKey";
        } else if (event instanceof OtherChange other) {
            return other.entityType();
        }
        return null;
    }

    /** The entity id a record's key names, or null for a key that is no id ({@link RecordKeys}). */
    static UUID entityId(RuleEvent event) {
        if (event instanceof RuleChange change) {
            return change.id();
        } else if (event instanceof EnvironmentChange change) {
            return change.id();
        } else if (event instanceof PolicyEntityChange change) {
            return change.id();
        } else if (event instanceof ApiKeyChange change) {
            return change.id();
        } else if (event instanceof OtherChange change) {
            return change.id();
        } else if (event instanceof Tombstone tombstone) {
            return tombstone.id();
        }
        return RecordKeys.entityId(event.key());
    }

    /** An environment's state; {@code state} is null when it was deleted. */
    record EnvironmentChange(UUID id, long version, EnvironmentState state) implements RuleEvent {
        @Override
        public String key() {
            return id.toString();
        }
    }

    /**
     * A rule's state, checked as the access model requires; {@code rule} is null when it was deleted
     * ({@code orgId} then as the last state says, or null).
     */
    record RuleChange(UUID id, long version, UUID orgId, Rule rule) implements RuleEvent {
        @Override
        public String key() {
            return id.toString();
        }
    }

    /**
     * An admission rule, policy group or policy, checked against the contract; {@code state} is
     * null when it was deleted ({@code orgId} then as the last state says, or null).
     */
    sealed interface PolicyEntityChange extends RuleEvent {
        UUID id();

        long version();

        UUID orgId();

        /** The state, or null for a deletion. */
        Object state();

        @Override
        default String key() {
            return id().toString();
        }
    }

    record AdmissionRuleChange(UUID id, long version, UUID orgId, AdmissionRuleState state)
            implements PolicyEntityChange {}

    record PolicyGroupChange(UUID id, long version, UUID orgId, PolicyGroupState state) implements PolicyEntityChange {}

    record PolicyChange(UUID id, long version, UUID orgId, PolicyState state) implements PolicyEntityChange {}

    /**
     * An entity decisions do not need: a project (an environment names its project and
     * organization), or a type a newer rule-service writes that this version does not know.
     */
    record OtherChange(UUID id, String entityType) implements RuleEvent {
        @Override
        public String key() {
            return id.toString();
        }
    }

    /**
     * An API key's record, for the key directory ({@code ApiKeyTable}), which checks the entity:
     * {@code entity} null with {@code deleted} for a deletion; {@code problem} set when the record
     * could not be read, so the key is refused (fail closed) until a valid record replaces it.
     */
    record ApiKeyChange(UUID id, long version, boolean deleted, JsonNode entity, String problem) implements RuleEvent {
        @Override
        public String key() {
            return id.toString();
        }
    }

    /** The end of an entity: compaction will drop every record with this key. */
    record Tombstone(UUID id) implements RuleEvent {
        @Override
        public String key() {
            return id.toString();
        }
    }

    /**
     * A tombstone under a key that is not an entity id as rule-service writes it: on the topic it
     * ends only the records of that key, which were refused, so here it ends only their quarantine.
     */
    record KeyTombstone(String key) implements RuleEvent {}

    /**
     * A record that cannot be applied, with what could still be read of it: the entity type, its
     * organization and the scope it belongs to (each null when unreadable).
     */
    record Rejected(String key, String entityType, UUID orgId, UUID scopeId, String reason) implements RuleEvent {}
}
