package dev.ipfence.core.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The data of an event on {@code ipfence.blocked-attempts.v1}: one denied request, or under a flood
 * {@code count} identical ones (same environment, address, rule and reason) seen from
 * {@code timestamp} to {@code lastTimestamp}; method, path and target are the first one's. The
 * record key is the environment id; {@code id} is unique per event (consumers de-duplicate on it).
 */
public record BlockedAttemptEvent(
        UUID id,
        String ip,
        String method,
        String path,
        String target,
        Instant timestamp,
        Instant lastTimestamp,
        UUID environmentId,
        UUID orgId,
        String trafficScope,
        UUID ruleId,
        String reason,
        long count) {

    public static final String CLOUD_EVENT_TYPE = "dev.ipfence.blocked-attempt";
}
