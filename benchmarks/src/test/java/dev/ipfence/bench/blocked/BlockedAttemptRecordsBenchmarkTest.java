package dev.ipfence.bench.blocked;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Smoke mode: both ways write the same event and headers, ids aside, for every attempt. */
class BlockedAttemptRecordsBenchmarkTest {

    @Test
    void bothWaysWriteTheSameEventsAndHeaders() throws Exception {
        BlockedAttemptRecordsBenchmark benchmark = new BlockedAttemptRecordsBenchmark();
        benchmark.setUp();
        for (int i = 0; i < BlockedAttemptRecordsBenchmark.ATTEMPTS; i++) {
            ProducerRecord<String, byte[]> streamed = benchmark.streaming();
            benchmark.next = i;
            ProducerRecord<String, byte[]> mapped = benchmark.objectMapper();

            assertThat(streamed.key()).isEqualTo(mapped.key());
            assertThat(withoutId(streamed)).isEqualTo(withoutId(mapped));
            for (String header : new String[] {"ce_specversion", "ce_source", "ce_type", "ce_subject", "ce_time"}) {
                assertThat(header(streamed, header)).isEqualTo(header(mapped, header));
            }
        }
        assertThat(benchmark.next).isZero();
    }

    private static ObjectNode withoutId(ProducerRecord<String, byte[]> record) throws Exception {
        ObjectNode event = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.value());
        assertThat(event.remove("id").asText()).isEqualTo(header(record, "ce_id"));
        return event;
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
