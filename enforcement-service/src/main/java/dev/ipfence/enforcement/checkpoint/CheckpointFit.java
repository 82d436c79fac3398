package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.core.events.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Whether a checkpoint belongs to the rules topic as it is now. */
final class CheckpointFit {

    private CheckpointFit() {}

    /**
     * Why {@code checkpoint} does not fit the topic's partitions and logs now, or this replica's
     * {@code shard}, or null when it does.
     */
    static String misfit(
            Checkpoint checkpoint,
            String topic,
            String shard,
            Map<Integer, Long> firstOffsets,
            Map<Integer, Long> endOffsets) {
        if (!checkpoint.topic().equals(topic)) {
            return "it is of topic " + checkpoint.topic() + ", not " + topic;
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
     * Why a checkpoint written at {@code writtenAt} is too old to start from at {@code now}, or null.
     * Only records younger than the rules topic's {@link Topic#RULES_HISTORY} are sure to be in the
     * tail: past that, a deletion may have been compacted away, and starting from the checkpoint
     * would keep the deleted rule (an allow, maybe) alive.
     */
    static String tooOld(Instant writtenAt, Instant now, Duration maxAge) {
        Duration limit = maxAge.compareTo(Topic.RULES_HISTORY) < 0 ? maxAge : Topic.RULES_HISTORY.dividedBy(2);
        Duration age = Duration.between(writtenAt, now);
        if (age.compareTo(limit) > 0) {
            return "it was written " + writtenAt + ", " + age.toHours() + " h ago, more than " + limit;
        }
        return null;
    }
}
