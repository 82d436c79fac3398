package dev.ipfence.core.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An access policy as the event contract carries it. {@code groups} are policy group ids and
 * {@code rule} an admission rule id (or null), all of {@code orgId}; {@code sourceIps} are
 * canonical networks ({@code 10.0.0.0/8}) or ranges ({@code 10.0.0.1-10.0.0.9}); {@code mode}
 * may be null; {@code action} true allows.
 */
public record PolicyState(
        UUID id,
        UUID orgId,
        String name,
        String description,
        List<UUID> groups,
        List<String> users,
        List<String> devices,
        List<String> resources,
        List<String> gateways,
        boolean allGroups,
        boolean allUsers,
        boolean allDevices,
        boolean allResources,
        List<String> sourceIps,
        String type,
        String mode,
        boolean action,
        UUID rule,
        Instant createdAt,
        Instant updatedAt,
        String createdBy,
        String updatedBy,
        long version) {

    /** The same policy one version on, changed by {@code actor} at {@code now}. */
    public PolicyState next(String actor, Instant now) {
        return new PolicyState(
                id,
                orgId,
                name,
                description,
                groups,
                users,
                devices,
                resources,
                gateways,
                allGroups,
                allUsers,
                allDevices,
                allResources,
                sourceIps,
                type,
                mode,
                action,
                rule,
                createdAt,
                now,
                createdBy,
                actor,
                version + 1);
    }
}
