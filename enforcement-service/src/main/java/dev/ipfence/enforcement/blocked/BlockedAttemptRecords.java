package dev.ipfence.enforcement.blocked;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A merged attempt as its {@code ipfence.blocked-attempts.v1} record: the event as JSON, keyed by
 * environment (so one consumer counts an environment's windows), with its CloudEvent headers.
 */
final class BlockedAttemptRecords {

    private static final String SOURCE = "/ipfence/enforcement-service";

    private BlockedAttemptRecords() {}

    static ProducerRecord<String, byte[]> of(ObjectMapper json, PendingAttempts.Merged merged) {
        BlockedAttempts.Attempt a = merged.first();
        UUID id = UUID.randomUUID();
        BlockedAttemptEvent event = new BlockedAttemptEvent(
                id,
                a.ip(),
                a.method(),
                a.path(),
                a.target(),
                Instant.ofEpochMilli(a.timestampMillis()),
                Instant.ofEpochMilli(merged.lastMillis()),
                a.environmentId(),
                a.orgId(),
                a.trafficScope(),
                a.ruleId(),
                a.reason().name(),
                merged.count(),
                a.policyId());
        byte[] value;
        try {
            value = json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(id.toString()));
        headers.add("ce_source", bytes(SOURCE));
        headers.add("ce_type", bytes(BlockedAttemptEvent.CLOUD_EVENT_TYPE));
        headers.add("ce_subject", bytes(String.valueOf(a.environmentId())));
        headers.add("ce_time", bytes(event.timestamp().toString()));
        headers.add("content-type", bytes("application/json"));
        String key = Objects.toString(a.environmentId(), "unknown");
        return new ProducerRecord<>(Topic.BLOCKED_ATTEMPTS.topicName(), null, key, value, headers);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
