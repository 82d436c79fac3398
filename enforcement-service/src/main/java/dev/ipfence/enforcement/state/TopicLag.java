package dev.ipfence.enforcement.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the rules in memory are behind {@code ipfence.rules.v1}: the records not applied yet,
 * and how long ago the consumer was last seen at the end of the topic.
 */
final class TopicLag {

    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofMillis(500);

    private volatile long lag = -1;
    private volatile long caughtUpAtMillis = System.currentTimeMillis();

    /** Records on the topic not applied yet; -1 before the first check. */
    long lag() {
        return lag;
    }

    /** Seconds since the rules in memory were last confirmed current with the topic. */
    double snapshotAgeSeconds() {
        return (System.currentTimeMillis() - caughtUpAtMillis) / 1000.0;
    }

    /** The consumer reached the end offsets the topic had at {@code atMillis}. */
    void caughtUp(long atMillis) {
        caughtUpAtMillis = atMillis;
    }

    /** When the consumer was last at the end of the topic (the time the end offsets were asked for). */
    long caughtUpAtMillis() {
        return caughtUpAtMillis;
    }

    /** Asks Kafka for the end offsets; when it does not answer, the snapshot age keeps growing. */
    void check(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        try {
            long asked = System.currentTimeMillis();
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, END_OFFSETS_TIMEOUT);
            long behind = 0;
            for (TopicPartition partition : partitions) {
                behind += Math.max(0, ends.get(partition) - kafka.position(partition));
            }
            lag = behind;
            if (behind == 0) {
                caughtUp(asked);
            }
        } catch (RuntimeException e) {
            // Kafka unreachable: decisions go on from memory
        }
    }

    /** Whether the consumer reached every end offset of {@code target}. */
    static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
