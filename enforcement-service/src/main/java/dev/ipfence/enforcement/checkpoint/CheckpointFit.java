package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.core.events.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Whether a checkpoint belongs to the rules topic as it is now. */
final class CheckpointFit {

    /** How far a clock may be behind the one that wrote a checkpoint before its time counts as wrong. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private CheckpointFit() {}

    /**
     * Why {@code checkpoint} does not fit the topic ({@code topic}, Kafka's {@code topicId} for it:
     * null when Kafka did not say), its partitions and logs now, or this replica's {@code shard}, or
     * null when it does.
     */
    static String misfit(
            Checkpoint checkpoint,
            String topic,
            String topicId,
            String shard,
            Map<Integer, Long> firstOffsets,
            Map<Integer, Long> endOffsets) {
        if (!checkpoint.topic().equals(topic)) {
            return "it is of topic " + checkpoint.topic() + ", not " + topic;
        }
        if (topicId == null) {
            return "Kafka did not give the id of topic " + topic + ", so the checkpoint cannot be matched to it";
        }
        if (!checkpoint.topicId().equals(topicId)) {
            // the same offsets in another log are other records: starting there would skip some
            return "it is of topic id " + checkpoint.topicId() + ", the topic " + topic + " now has id " + topicId
                    + " (it was recreated, or this is another cluster)";
        }
        if (!checkpoint.shard().equals(shard)) {
            return "it holds the organizations of shard " + checkpoint.shard() + ", this replica serves shard " + shard;
        }
        if (!checkpoint.nextOffsets().keySet().equals(endOffsets.keySet())) {
            return "it has partitions " + checkpoint.nextOffsets().keySet() + ", the topic has " + endOffsets.keySet();
        }
        for (Map.Entry<Integer, Long> next : checkpoint.nextOffsets().entrySet()) {
            long offset = next.getValue();
            long end = endOffsets.get(next.getKey());
            long first = firstOffsets.getOrDefault(next.getKey(), 0L);
            if (offset > end) {
                return "partition " + next.getKey() + " offset " + offset + " is past the log end " + end
                        + " (another cluster, or the topic was recreated)";
            }
            if (offset < first) {
                return "partition " + next.getKey() + " offset " + offset + " is before the log start " + first
                        + " (records deleted since)";
            }
        }
        return null;
    }

    /**
     * Why a checkpoint whose state was current at {@code currentAt} is too old to start from at
     * {@code now}, or null. Only records younger than the rules topic's {@link Topic#RULES_HISTORY}
     * are sure to be in the tail: past that, a deletion may have been compacted away, and starting
     * from the checkpoint would keep the deleted rule (an allow, maybe) alive. A time ahead of
     * {@code now} says a clock is wrong, so the age cannot be known: too old as well.
     */
    static String tooOld(Instant currentAt, Instant now, Duration maxAge) {
        Duration limit = maxAge.compareTo(Topic.RULES_HISTORY) < 0 ? maxAge : Topic.RULES_HISTORY.dividedBy(2);
        Duration age = Duration.between(currentAt, now);
        if (age.compareTo(CLOCK_SKEW.negated()) < 0) {
            return "its state was current at " + currentAt + ", after now (" + now + "): a clock is wrong";
        }
        if (age.compareTo(limit) > 0) {
            return "its state was current at " + currentAt + ", " + age.toHours() + " h ago, more than " + limit;
        }
        return null;
    }
}
