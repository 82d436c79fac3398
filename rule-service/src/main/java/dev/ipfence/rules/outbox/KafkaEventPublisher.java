package dev.ipfence.rules.outbox;

import dev.ipfence.rules.common.RulesConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends outbox rows as CloudEvents in Kafka binary mode: attributes in {@code ce_*} headers, the
 * JSON data as the value. A deletion is followed by a tombstone (same key, null value) so that
 * compaction forgets the entity. Idempotent producer, {@code acks=all}: per key, order is kept.
 */
@ApplicationScoped
public class KafkaEventPublisher {

    static final String SOURCE = "/ipfence/rule-service";

    private final Map<String, Object> kafkaConfig;
    private final Duration sendTimeout;
    private volatile KafkaProducer<String, byte[]> producer;

    public KafkaEventPublisher(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, RulesConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.sendTimeout = config.outbox().sendTimeout();
    }

    /** Completes when Kafka acknowledged every record; runs on a worker thread since send() may block. */
    Uni<Void> publish(List<OutboxRecord> records) {
        return Uni.createFrom()
                .<Void>item(() -> {
                    sendAll(records);
                    return null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private void sendAll(List<OutboxRecord> records) {
        KafkaProducer<String, byte[]> kafka = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size() * 2);
        for (OutboxRecord record : records) {
            acks.add(kafka.send(new ProducerRecord<>(
                    record.topic(),
                    null,
                    record.key(),
                    record.payload().getBytes(StandardCharsets.UTF_8),
                    headers(record))));
            if (record.tombstone()) {
                acks.add(kafka.send(new ProducerRecord<>(record.topic(), record.key(), null)));
            }
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka refused an event: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static RecordHeaders headers(OutboxRecord record) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(record.eventId().toString()));
        headers.add("ce_source", bytes(SOURCE));
        headers.add("ce_type", bytes(record.type()));
        headers.add("ce_subject", bytes(record.subject()));
        headers.add("ce_time", bytes(record.createdAt().toString()));
        headers.add("content-type", bytes("application/json"));
        return headers;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> config = new HashMap<>(kafkaConfig);
                    config.put(ProducerConfig.ACKS_CONFIG, "all");
                    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    int timeout = (int) sendTimeout.toMillis();
                    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
                    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(timeout / 2, 500));
                    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
                    config.put(ProducerConfig.CLIENT_ID_CONFIG, "rule-service-outbox");
                    producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
