package dev.ipfence.core.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A policy group as the event contract carries it; {@code idpMapping} holds IdP group names. */
public record PolicyGroupState(
        UUID id,
        UUID orgId,
        String name,
        String description,
        int maxDevices,
        boolean isSamlDefaultGroup,
        List<String> idpMapping,
        Instant createdAt,
        Instant updatedAt,
        String createdBy,
        String updatedBy,
        long version) {}
