package dev.ipfence.core.events;

import java.time.Instant;
import java.util.UUID;

public record ProjectState(
        UUID id,
        UUID orgId,
        String name,
        Instant createdAt,
        Instant updatedAt,
        String createdBy,
        String updatedBy,
        long version) {}
