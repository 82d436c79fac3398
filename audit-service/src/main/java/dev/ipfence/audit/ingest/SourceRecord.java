package dev.ipfence.audit.ingest;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** One consumed record as it was on its topic: what a dead letter must carry unchanged. */
public record SourceRecord(String topic, int partition, long offset, String key, byte[] value, Headers headers) {

    /** The records of a poll batch, each partition's in offset order. */
    @SuppressWarnings("unchecked")
    public static List<SourceRecord> of(KafkaRecordBatch<String, byte[]> batch) {
        IncomingKafkaRecordBatchMetadata<String, byte[]> metadata = batch.getMetadata(
                        IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException("a Kafka batch without its records"));
        List<SourceRecord> records = new ArrayList<>(metadata.count());
        for (ConsumerRecord<String, byte[]> record : metadata.getRecords()) {
            records.add(new SourceRecord(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    record.value(),
                    record.headers() == null ? new RecordHeaders() : record.headers()));
        }
        return records;
    }

    /** The last value of header {@code name} as UTF-8 text, or null. */
    public String header(String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}
