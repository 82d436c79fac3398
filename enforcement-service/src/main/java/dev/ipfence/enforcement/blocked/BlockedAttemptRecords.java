package dev.ipfence.enforcement.blocked;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.uuid.Generators;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A merged attempt as its {@code ipfence.blocked-attempts.v1} record: the event as JSON, keyed by
 * environment (so one consumer counts an environment's windows), with its CloudEvent headers.
 *
 * <p>Written with Jackson's streaming generator, field by field: the same bytes as the service's
 * {@code ObjectMapper} writing a {@link BlockedAttemptEvent} (checked on generated attempts by
 * {@code BlockedAttemptRecordsTest}, which fails for a field added to the event until it is written
 * here too) at half the cost ({@code BlockedAttemptRecordsBenchmark}). A flood of denials from
 * distinct addresses writes one record per denial on the publishing thread, which shares the cores
 * with the event loops. Used by that one thread.
 */
public final class BlockedAttemptRecords {

    private static final String SOURCE = "/ipfence/enforcement-service";
    private static final byte[] SPEC_VERSION = bytes("1.0");
    private static final byte[] SOURCE_BYTES = bytes(SOURCE);
    private static final byte[] TYPE = bytes(BlockedAttemptEvent.CLOUD_EVENT_TYPE);
    private static final byte[] CONTENT_TYPE = bytes("application/json");

    // in the order of BlockedAttemptEvent's components, as the ObjectMapper writes them
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString IP = new SerializedString("ip");
    private static final SerializedString METHOD = new SerializedString("method");
    private static final SerializedString PATH = new SerializedString("path");
    private static final SerializedString TARGET = new SerializedString("target");
    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString LAST_TIMESTAMP = new SerializedString("lastTimestamp");
    private static final SerializedString ENVIRONMENT_ID = new SerializedString("environmentId");
    private static final SerializedString ORG_ID = new SerializedString("orgId");
    private static final SerializedString TRAFFIC_SCOPE = new SerializedString("trafficScope");
    private static final SerializedString RULE_ID = new SerializedString("ruleId");
    private static final SerializedString REASON = new SerializedString("reason");
    private static final SerializedString COUNT = new SerializedString("count");
    private static final SerializedString POLICY_ID = new SerializedString("policyId");

    private final JsonFactory json;
    private final Supplier<UUID> ids;
    private final InstantText times = new InstantText();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

    /**
     * @param json the factory of the service's {@code ObjectMapper}, so that its output settings
     *     (escaping) are the same
     */
    public BlockedAttemptRecords(JsonFactory json) {
        this(json, Generators.timeBasedEpochGenerator()::generate);
    }

    /**
     * @param ids the event ids: unique per event, consumers de-duplicate on them. As shipped,
     *     version 7 UUIDs (RFC 9562): the millisecond first, so that audit-service's primary key
     *     grows at its right edge instead of at random pages; within a millisecond they count up
     *     from a random start, so a flood draws from {@code SecureRandom} once a millisecond
     */
    BlockedAttemptRecords(JsonFactory json, Supplier<UUID> ids) {
        this.json = json;
        this.ids = ids;
    }

    ProducerRecord<String, byte[]> of(PendingAttempts.Merged merged) {
        return of(merged.first(), merged.count(), merged.lastMillis());
    }

    /** The record of {@code count} attempts like {@code first}, the last seen at {@code lastMillis}. */
    public ProducerRecord<String, byte[]> of(BlockedAttempts.Attempt first, long count, long lastMillis) {
        String id = ids.get().toString();
        String environmentId = text(first.environmentId());
        String timestamp = times.of(first.timestampMillis());
        byte[] value = value(first, id, environmentId, timestamp, times.of(lastMillis), count);
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", SPEC_VERSION);
        headers.add("ce_id", bytes(id));
        headers.add("ce_source", SOURCE_BYTES);
        headers.add("ce_type", TYPE);
        headers.add("ce_subject", bytes(String.valueOf(environmentId)));
        headers.add("ce_time", bytes(timestamp));
        headers.add("content-type", CONTENT_TYPE);
        String key = Objects.requireNonNullElse(environmentId, "unknown");
        return new ProducerRecord<>(Topic.BLOCKED_ATTEMPTS.topicName(), null, key, value, headers);
    }

    private byte[] value(
            BlockedAttempts.Attempt a, String id, String environmentId, String timestamp, String last, long count) {
        buffer.reset();
        try (JsonGenerator out = json.createGenerator(buffer)) {
            out.writeStartObject();
            out.writeFieldName(ID);
            out.writeString(id);
            string(out, IP, a.ip());
            string(out, METHOD, a.method());
            string(out, PATH, a.path());
            string(out, TARGET, a.target());
            string(out, TIMESTAMP, timestamp);
            string(out, LAST_TIMESTAMP, last);
            string(out, ENVIRONMENT_ID, environmentId);
            string(out, ORG_ID, text(a.orgId()));
            string(out, TRAFFIC_SCOPE, a.trafficScope());
            string(out, RULE_ID, text(a.ruleId()));
            string(out, REASON, a.reason().name());
            out.writeFieldName(COUNT);
            out.writeNumber(count);
            string(out, POLICY_ID, text(a.policyId()));
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory only
        }
        return buffer.toByteArray();
    }

    private static void string(JsonGenerator out, SerializedString name, String value) throws IOException {
        out.writeFieldName(name);
        if (value == null) {
            out.writeNull();
        } else {
            out.writeString(value);
        }
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
