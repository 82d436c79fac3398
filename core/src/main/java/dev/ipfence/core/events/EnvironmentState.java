package dev.ipfence.core.events;

import java.time.Instant;
import java.util.UUID;

public record EnvironmentState(
        UUID id,
        UUID orgId,
        UUID projectId,
        String name,
        Instant createdAt,
        Instant updatedAt,
        String createdBy,
        String updatedBy,
        long version) {}
