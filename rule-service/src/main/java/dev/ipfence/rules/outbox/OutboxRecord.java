package dev.ipfence.rules.outbox;

import java.time.Instant;
import java.util.UUID;

/** One row of the outbox: a CloudEvent to publish, and whether a tombstone follows it. */
record OutboxRecord(
        long seq,
        UUID eventId,
        String topic,
        String key,
        String type,
        String subject,
        boolean tombstone,
        String payload,
        Instant createdAt) {}
