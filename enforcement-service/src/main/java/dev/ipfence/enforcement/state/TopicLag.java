package dev.ipfence.enforcement.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the rules in memory are behind {@code ipfence.rules.v1}: the records not applied yet,
 * and how long ago the consumer was last seen at the end of the topic.
 *
 * <p>The end of a topic being written to keeps moving: a check rarely finds no lag at all. So the
 * end offsets of a check are kept with the time they were asked for, and once the consumer's
 * positions reach them, the rules were current as of that time. The oldest target not reached yet
 * is kept, so a consumer steadily a little behind is still confirmed current, as often as it
 * catches up with a target.
 */
final class TopicLag {

    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofMillis(500);

    private final LongSupplier clock;
    private volatile long lag = -1;
    private volatile long caughtUpAtMillis;
    private Map<TopicPartition, Long> target;
    private long targetAtMillis;

    TopicLag() {
        this(System::currentTimeMillis);
    }

    TopicLag(LongSupplier clock) {
        this.clock = clock;
        this.caughtUpAtMillis = clock.getAsLong();
    }

    /** Records on the topic not applied yet; -1 before the first check. */
    long lag() {
        return lag;
    }

    /** Seconds since the rules in memory were last confirmed current with the topic. */
    double snapshotAgeSeconds() {
        return (clock.getAsLong() - caughtUpAtMillis) / 1000.0;
    }

    /** The consumer reached the end offsets the topic had at {@code atMillis}. */
    void caughtUp(long atMillis) {
        caughtUpAtMillis = Math.max(caughtUpAtMillis, atMillis);
    }

    /** When the consumer was last at the end of the topic (the time the end offsets were asked for). */
    long caughtUpAtMillis() {
        return caughtUpAtMillis;
    }

    /**
     * Asks Kafka for the end offsets, and counts the last target reached; when Kafka does not
     * answer, the snapshot age keeps growing. Called by the consumer's thread.
     */
    void check(Consumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        try {
            if (target != null && reached(kafka, target)) {
                caughtUp(targetAtMillis);
                target = null;
            }
            long asked = clock.getAsLong();
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, END_OFFSETS_TIMEOUT);
            long behind = 0;
            for (TopicPartition partition : partitions) {
                behind += Math.max(0, ends.get(partition) - kafka.position(partition));
            }
            lag = behind;
            if (behind == 0) {
                caughtUp(asked);
                target = null;
            } else if (target == null) {
                target = Map.copyOf(ends);
                targetAtMillis = asked;
            }
        } catch (RuntimeException e) {
            // Kafka unreachable: decisions go on from memory
        }
    }

    /** Whether the consumer reached every end offset of {@code target}. */
    static boolean reached(Consumer<String, byte[]> kafka, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
