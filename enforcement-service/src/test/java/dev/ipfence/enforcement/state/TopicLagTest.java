package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When the rules were last current, on a topic that keeps being written to (Kafka's MockConsumer). */
class TopicLagTest {

    private static final TopicPartition P0 = new TopicPartition("ipfence.rules.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("ipfence.rules.v1", 1);
    private static final List<TopicPartition> PARTITIONS = List.of(P0, P1);

    private final MockConsumer<String, byte[]> kafka = new MockConsumer<>("earliest");
    private static final long START = 1_000_000;

    private long now = START;
    private final TopicLag lag = new TopicLag(() -> now);

    TopicLagTest() {
        kafka.assign(PARTITIONS);
        at(0, 0);
        ends(0, 0);
    }

    @Test
    void noLagAtACheckIsCurrentAsOfTheCheck() {
        now += 1_000;
        lag.check(kafka, PARTITIONS);

        assertThat(lag.lag()).isZero();
        assertThat(lag.caughtUpAtMillis()).isEqualTo(now);
        assertThat(lag.snapshotAgeSeconds()).isZero();
    }

    @Test
    void aConsumerAlwaysALittleBehindABusyTopicIsCurrentAsOfTheEndsItReached() {
        // every check finds new records the consumer has not read yet
        for (int second = 1; second <= 10; second++) {
            now = START + second * 1_000L;
            ends(second * 10, second * 20);
            lag.check(kafka, PARTITIONS);
            assertThat(lag.lag()).isPositive();
            at(second * 10, second * 20); // read before the next check
        }

        // the ends of the check at second 9 were reached before the check at second 10
        assertThat(lag.caughtUpAtMillis()).isEqualTo(START + 9_000);
        assertThat(lag.snapshotAgeSeconds()).isEqualTo(1.0);
    }

    @Test
    void endsNotReachedConfirmNothingAndTheOldestTargetIsKept() {
        long first = now + 1_000;
        now = first;
        ends(10, 10);
        lag.check(kafka, PARTITIONS);
        now += 1_000;
        ends(20, 20);
        at(10, 9); // one partition short of the first target
        lag.check(kafka, PARTITIONS);
        assertThat(lag.caughtUpAtMillis()).isEqualTo(START); // as constructed
        assertThat(lag.snapshotAgeSeconds()).isEqualTo(2.0);

        now += 1_000;
        ends(30, 30);
        at(10, 10); // the first target is reached, the second is not
        lag.check(kafka, PARTITIONS);
        assertThat(lag.caughtUpAtMillis()).isEqualTo(first);
    }

    @Test
    void kafkaNotAnsweringLeavesTheAgeGrowing() {
        ends(5, 0);
        now += 1_000;
        lag.check(kafka, PARTITIONS);
        at(5, 0);
        kafka.close(); // every call fails from now on
        now += 60_000;
        lag.check(kafka, PARTITIONS);

        assertThat(lag.snapshotAgeSeconds()).isEqualTo(61.0);
    }

    private void at(long p0, long p1) {
        kafka.seek(P0, p0);
        kafka.seek(P1, p1);
    }

    private void ends(long p0, long p1) {
        kafka.updateEndOffsets(Map.of(P0, p0, P1, p1));
    }
}
