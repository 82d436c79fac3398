package dev.ipfence.audit.changes;

import java.time.Instant;
import java.util.UUID;

/**
 * One rule-topic event as the change log keeps it. {@code before} and {@code after} are the
 * entity's JSON as published (fields this version does not know included: it is an audit trail);
 * {@code environment} is set for environment events, to keep the environment -> organization map.
 */
public record ChangeRow(
        UUID eventId,
        UUID orgId,
        String entityType,
        UUID entityId,
        String change,
        long version,
        String actor,
        Instant occurredAt,
        String scope,
        UUID scopeId,
        String before,
        String after,
        EnvironmentRef environment) {

    public record EnvironmentRef(UUID id, UUID orgId, UUID projectId, String name, boolean deleted, long version) {}
}
