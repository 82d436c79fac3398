package dev.ipfence.bench.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.testing.DevServersProcess;
import org.junit.jupiter.api.Test;

/** Smoke mode of the Kafka hop, on a topic of its own: every record is acknowledged and read by both consumers. */
class KafkaHopTest {

    @Test
    void everyRecordIsAcknowledgedAndReadByBothConsumers() throws Exception {
        KafkaHop.Result result =
                KafkaHop.run(DevServersProcess.shared().kafkaBootstrap(), "ipfence.bench.kafka-hop", 10);
        assertThat(result.acknowledged())
                .hasSize(10)
                .allSatisfy(millis -> assertThat(millis).isPositive());
        assertThat(result.read()).hasSize(2).allSatisfy(read -> assertThat(read).hasSize(10));
    }
}
