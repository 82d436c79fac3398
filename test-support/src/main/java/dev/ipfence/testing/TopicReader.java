package dev.ipfence.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the test Kafka from the beginning, without a consumer group. */
public final class TopicReader {

    private TopicReader() {}

    /**
     * Every record of {@code topic} read until {@code done} holds for what was read, or the
     * timeout passes (then what was read so far).
     */
    public static List<ConsumerRecord<String, byte[]>> readUntil(
            String topic, Duration timeout, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return read(topic, timeout, (consumer, partitions) -> records -> !done.test(records));
    }

    /**
     * Every record of {@code topic} up to its end when called (the end offsets of every partition
     * then), or what was read when the timeout passes.
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration timeout) {
        return read(topic, timeout, (consumer, partitions) -> {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            return records -> partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p));
        });
    }

    /** When to read on, asked once all partitions are assigned and at their beginning. */
    private interface ReadOn {
        Predicate<List<ConsumerRecord<String, byte[]>>> of(
                KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions);
    }

    /** Reads {@code topic} from the beginning while {@code readOn} says so and the timeout has not passed. */
    private static List<ConsumerRecord<String, byte[]>> read(String topic, Duration timeout, ReadOn readOn) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                DevServersProcess.shared().kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Predicate<List<ConsumerRecord<String, byte[]>>> more = readOn.of(consumer, partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && more.test(records)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
