package dev.ipfence.bench.blocked;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.Topic;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.blocked.BlockedAttemptRecords;
import dev.ipfence.enforcement.blocked.BlockedAttempts.Attempt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The record of one blocked attempt, as the publishing thread writes it for each denial from an
 * address not seen in the merge window (a flood from distinct addresses merges nothing): with
 * {@link BlockedAttemptRecords} (Jackson's streaming generator) and with the {@code ObjectMapper}
 * writing a {@link BlockedAttemptEvent} (the build before). Attempts of the forward-auth benchmark:
 * one environment, distinct addresses, 40 a millisecond. Records per second, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BlockedAttemptRecordsBenchmark {

    static final int ATTEMPTS = 4096;
    static final long START = Instant.parse("2026-12-03T08:00:00Z").toEpochMilli();

    Attempt[] attempts;
    ObjectMapper mapper;
    BlockedAttemptRecords records;
    int next;

    @Setup
    public void setUp() {
        UUID environment = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        attempts = new Attempt[ATTEMPTS];
        for (int i = 0; i < ATTEMPTS; i++) {
            attempts[i] = new Attempt(
                    environment,
                    org,
                    "11.0." + (i >> 8) + "." + (i & 0xff),
                    "GET",
                    "/",
                    "app.example",
                    START + i / 40,
                    "http",
                    null,
                    Decision.Reason.NOT_ALLOWLISTED);
        }
        // as Quarkus configures the service's mapper
        mapper = JsonMapper.builder()
                .findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        records = new BlockedAttemptRecords(mapper.getFactory());
    }

    private Attempt next() {
        Attempt attempt = attempts[next];
        next = (next + 1) & (ATTEMPTS - 1);
        return attempt;
    }

    @Benchmark
    public ProducerRecord<String, byte[]> streaming() {
        Attempt attempt = next();
        return records.of(attempt, 1, attempt.timestampMillis());
    }

    @Benchmark
    public ProducerRecord<String, byte[]> objectMapper() {
        Attempt attempt = next();
        return objectMapperRecord(mapper, attempt, 1, attempt.timestampMillis());
    }

    /** The record as the build before wrote it: the event object through the ObjectMapper. */
    static ProducerRecord<String, byte[]> objectMapperRecord(ObjectMapper json, Attempt a, long count, long last) {
        UUID id = UUID.randomUUID();
        BlockedAttemptEvent event = a.event(id, count, last);
        byte[] value;
        try {
            value = json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(id.toString()));
        headers.add("ce_source", bytes("/ipfence/enforcement-service"));
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
