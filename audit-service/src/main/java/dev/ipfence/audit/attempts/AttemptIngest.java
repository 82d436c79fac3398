package dev.ipfence.audit.attempts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.audit.common.AuditConfig;
import dev.ipfence.audit.ingest.DeadLetters;
import dev.ipfence.audit.ingest.TopicIngest;
import dev.ipfence.core.events.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores {@code ipfence.blocked-attempts.v1} in PostgreSQL, a poll batch per transaction
 * ({@link AttemptStore}); an event that can never be stored goes to
 * {@code ipfence.blocked-attempts.v1.dlq}. The batch is acknowledged, so its offsets committed, only
 * once all of it is stored or dead-lettered: a crash loses nothing, and what is read again is
 * recognised (event id, folded offsets).
 */
@ApplicationScoped
public class AttemptIngest {

    private final TopicIngest<AttemptRow> ingest;

    public AttemptIngest(
            AttemptStore store,
            DeadLetters deadLetters,
            ObjectMapper json,
            AuditConfig config,
            MeterRegistry registry) {
        this.ingest = new TopicIngest<>(
                Topic.BLOCKED_ATTEMPTS,
                new AttemptReader(json),
                store,
                deadLetters,
                config.ingest(),
                registry,
                Counter.builder("ipfence.audit.attempts.received")
                        .description("Blocked-attempt events received")
                        .register(registry));
    }

    @Incoming("ipfence.blocked-attempts.v1")
    public Uni<Void> ingest(KafkaRecordBatch<String, byte[]> batch) {
        return ingest.consume(batch);
    }
}
