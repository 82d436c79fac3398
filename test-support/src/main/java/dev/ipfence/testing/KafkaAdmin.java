package dev.ipfence.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/** What the Kafka Admin API says about the test Kafka: end offsets, a group's committed offsets, topic configuration. */
public final class KafkaAdmin {

    private KafkaAdmin() {}

    /** The end offset of every partition of {@code topic}. */
    public static Map<TopicPartition, Long> endOffsets(String topic) {
        try (Admin admin = admin()) {
            TopicDescription description =
                    get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    get(admin.listOffsets(latest).all());
            Map<TopicPartition, Long> offsets = new HashMap<>();
            ends.forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        }
    }

    /** The offsets {@code group} committed on {@code topic}; a partition without one is absent. */
    public static Map<TopicPartition, Long> committedOffsets(String group, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            Map<TopicPartition, Long> offsets = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (partition.topic().equals(topic) && offset != null) {
                    offsets.put(partition, offset.offset());
                }
            });
            return offsets;
        }
    }

    /**
     * Waits until {@code group} has committed the end offset of every non-empty partition of
     * {@code topic}; fails with both maps when it does not within {@code timeout}.
     */
    public static void awaitCommittedAtEnd(String group, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = Map.of();
        Map<TopicPartition, Long> committed = Map.of();
        while (System.nanoTime() < deadline) {
            ends = new HashMap<>(endOffsets(topic));
            ends.values().removeIf(end -> end == 0);
            committed = committedOffsets(group, topic);
            if (committed.entrySet().containsAll(ends.entrySet())) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("group " + group + " did not commit the end offsets of " + topic + " within " + timeout
                + ": end offsets " + ends + ", committed " + committed);
    }

    /** The configuration of {@code topic}, every key with its effective value. */
    public static Map<String, String> topicConfigs(String topic) {
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = get(admin.describeConfigs(List.of(resource)).all()).get(resource);
            Map<String, String> values = new HashMap<>();
            config.entries().forEach(entry -> values.put(entry.name(), entry.value()));
            return values;
        }
    }

    /** The number of partitions of {@code topic}. */
    public static int partitions(String topic) {
        try (Admin admin = admin()) {
            return get(admin.describeTopics(List.of(topic)).allTopicNames())
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                DevServersProcess.shared().kafkaBootstrap()));
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the Kafka Admin API failed", e);
        }
    }
}
