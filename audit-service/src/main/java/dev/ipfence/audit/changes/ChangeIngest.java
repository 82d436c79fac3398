package dev.ipfence.audit.changes;

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
 * Follows {@code ipfence.rules.v1}: every event becomes a change-log row (once, by its CloudEvent
 * id), and environment events keep the environment -> organization map that authorizes reads. An
 * event that can never be logged goes to {@code ipfence.rules.v1.audit-dlq}. A batch is
 * acknowledged, so its offsets committed, only once its transaction committed.
 */
@ApplicationScoped
public class ChangeIngest {

    private final TopicIngest<ChangeRow> ingest;

    public ChangeIngest(
            ChangeStore store, DeadLetters deadLetters, ObjectMapper json, AuditConfig config, MeterRegistry registry) {
        this.ingest = new TopicIngest<>(
                Topic.RULES,
                new ChangeReader(json),
                store,
                deadLetters,
                config.ingest(),
                registry,
                Counter.builder("ipfence.audit.changes.received")
                        .description("Rule, project and environment events received")
                        .register(registry));
    }

    @Incoming("ipfence.rules.v1")
    public Uni<Void> ingest(KafkaRecordBatch<String, byte[]> batch) {
        return ingest.consume(batch);
    }
}
