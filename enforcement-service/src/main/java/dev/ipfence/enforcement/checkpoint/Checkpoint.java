package dev.ipfence.enforcement.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * The rule state of enforcement at a point of the rules topic: for each record key, the last
 * record the state took from it, and for each partition the offset of the next record to read.
 * Replaying {@code records} and then the topic from {@code nextOffsets} gives the state a replay
 * of the whole topic gives.
 *
 * @param topic the topic the records were read from
 * @param shard the organizations whose records were kept ({@code OrganizationShard}, as {@code 0/2}):
 *     a replica of another shard must not start from it, as it lacks that shard's rules
 * @param nextOffsets partition number to the offset of the first record not in the checkpoint;
 *     one entry for every partition of the topic
 * @param records in partition, then offset order
 */
public record Checkpoint(String topic, String shard, Map<Integer, Long> nextOffsets, List<CheckpointRecord> records) {}
