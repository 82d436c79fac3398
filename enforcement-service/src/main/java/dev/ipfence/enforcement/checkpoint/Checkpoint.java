package dev.ipfence.enforcement.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The rule state of enforcement at a point of the rules topic: for each record key, the last
 * record the state took from it, and for each partition the offset of the next record to read.
 * Replaying {@code records} and then the topic from {@code nextOffsets} gives the state a replay
 * of the whole topic gives.
 *
 * @param topic the topic the records were read from
 * @param topicId Kafka's id of that topic: a topic of the same name recreated, or on another
 *     cluster, has another id, and offsets that mean other records
 * @param shard the organizations whose records were kept ({@code OrganizationShard}, as {@code 0/2}):
 *     a replica of another shard must not start from it, as it lacks that shard's rules
 * @param currentAt when the consumer was last at the end of the topic before the checkpoint was
 *     taken: the state is current as of then, and the age that counts (not the file's time: a
 *     checkpoint rewritten while Kafka was away holds no newer state)
 * @param nextOffsets partition number to the offset of the first record not in the checkpoint;
 *     one entry for every partition of the topic
 * @param records in partition, then offset order
 */
public record Checkpoint(
        String topic,
        String topicId,
        String shard,
        Instant currentAt,
        Map<Integer, Long> nextOffsets,
        List<CheckpointRecord> records) {}
