package dev.ipfence.audit.ingest;

import dev.ipfence.audit.common.AuditConfig;
import dev.ipfence.core.events.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.List;

/**
 * One topic's consumer side: counts the records it receives, runs each poll batch through an
 * {@link IngestPipeline} (retries and dead letters as configured) and acknowledges the batch, so
 * that its offsets may be committed, only once all of it is stored or dead-lettered.
 */
public final class TopicIngest<T> {

    private final IngestPipeline<T> pipeline;
    private final Counter received;

    public TopicIngest(
            Topic topic,
            IngestPipeline.Reader<T> reader,
            IngestPipeline.Store<T> store,
            IngestPipeline.DeadLetterSink deadLetters,
            AuditConfig.Ingest config,
            MeterRegistry registry,
            Counter received) {
        this.pipeline = new IngestPipeline<>(
                topic.topicName(),
                reader,
                store,
                deadLetters,
                new IngestPipeline.Backoff(config.retryInitialBackoff(), config.retryMaxBackoff()),
                new IngestStatus(topic.topicName(), registry));
        this.received = received;
    }

    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<SourceRecord> records = SourceRecord.of(batch);
        received.increment(records.size());
        return pipeline.process(records).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }
}
