package dev.ipfence.audit.ingest;

import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends a record audit-service can never store to the dead-letter topic of its source topic, as it
 * was (value, key and headers, so it can be replayed as is), plus headers saying why and where from:
 * {@value #REASON}, {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET},
 * {@value #DEAD_LETTERED_AT}. Counts each in {@code ipfence_audit_dead_lettered_total{topic}} (the
 * source topic) and logs it.
 */
@ApplicationScoped
public class DeadLetters implements IngestPipeline.DeadLetterSink {

    public static final String REASON = "ipfence-dlq-reason";
    public static final String SOURCE_TOPIC = "ipfence-dlq-topic";
    public static final String SOURCE_PARTITION = "ipfence-dlq-partition";
    public static final String SOURCE_OFFSET = "ipfence-dlq-offset";
    public static final String DEAD_LETTERED_AT = "ipfence-dlq-at";

    /** Longest reason kept in the header; the log line has the same text. */
    static final int MAX_REASON_CHARS = 1000;

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Map<String, MutinyEmitter<byte[]>> emitters;
    private final Map<String, Counter> counters;

    public DeadLetters(
            @Channel("ipfence.blocked-attempts.v1.dlq") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<byte[]> attempts,
            @Channel("ipfence.rules.v1.audit-dlq") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                    MutinyEmitter<byte[]> changes,
            MeterRegistry registry) {
        // unbounded: the pipeline waits for every dead letter of a batch before the next batch
        this.emitters = Map.of(Topic.BLOCKED_ATTEMPTS.topicName(), attempts, Topic.RULES.topicName(), changes);
        this.counters = Map.of(
                Topic.BLOCKED_ATTEMPTS.topicName(), counter(registry, Topic.BLOCKED_ATTEMPTS),
                Topic.RULES.topicName(), counter(registry, Topic.RULES));
    }

    @Override
    public Uni<Void> send(SourceRecord record, String reason) {
        MutinyEmitter<byte[]> emitter = emitters.get(record.topic());
        if (emitter == null) {
            return Uni.createFrom().failure(new IllegalStateException("no dead-letter topic for " + record.topic()));
        }
        String why = BlockedAttemptEvent.cap(reason, MAX_REASON_CHARS);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), header.value());
        }
        headers.add(REASON, bytes(why));
        headers.add(SOURCE_TOPIC, bytes(record.topic()));
        headers.add(SOURCE_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(SOURCE_OFFSET, bytes(Long.toString(record.offset())));
        headers.add(DEAD_LETTERED_AT, bytes(Instant.now().toString()));
        Message<byte[]> message = Message.of(record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build());
        return emitter.sendMessage(message).invoke(() -> {
            counters.get(record.topic()).increment();
            LOG.errorf("Dead-lettered %s (key %s): %s", record, record.key(), why);
        });
    }

    private static Counter counter(MeterRegistry registry, Topic source) {
        return Counter.builder("ipfence.audit.dead.lettered")
                .description("Records that can never be stored, sent to the dead-letter topic of their topic")
                .tag("topic", source.topicName())
                .register(registry);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
