package dev.ipfence.enforcement.checkpoint;

/**
 * One record of {@code ipfence.rules.v1} as it was read: where it was, its key and its value
 * (null for a tombstone). Never modified once read.
 */
public record CheckpointRecord(int partition, long offset, String key, byte[] value) {}
