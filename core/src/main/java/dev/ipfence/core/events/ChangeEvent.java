package dev.ipfence.core.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The data of every event on {@code ipfence.rules.v1}: the full current state of one entity
 * ({@code entity}; for a deletion, its last state), the state before the change ({@code previous};
 * null on creation), who changed it and when. The record key is {@code id}; a deletion is
 * followed by a tombstone with the same key, so compaction eventually forgets the entity.
 */
public record ChangeEvent<T>(
        EntityType entityType,
        Change change,
        UUID id,
        UUID orgId,
        long version,
        boolean deleted,
        String actor,
        Instant occurredAt,
        T entity,
        T previous) {

    public enum EntityType {
        project,
        environment,
        rule,
        admissionRule,
        policyGroup,
        policy,
        apiKey
    }

    public enum Change {
        created,
        updated,
        deleted
    }

    /** The CloudEvents {@code type}: {@code dev.ipfence.rule.created}, {@code dev.ipfence.project.deleted}, ... */
    public String cloudEventType() {
        return cloudEventType(entityType, change);
    }

    public static String cloudEventType(EntityType entityType, Change change) {
        return "dev.ipfence." + entityType + "." + change;
    }
}
