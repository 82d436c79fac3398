package dev.ipfence.bench.system;

import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.DevServersProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer of {@code ipfence.rules.v1} of its own, from the end of every partition: for each
 * record key (the entity id), when the record was written and read. All times are microseconds
 * of the wall clock, comparable with {@link #nowMicros()} on the same machine.
 */
final class RuleTopicWatch implements AutoCloseable {

    /**
     * One record: the transaction that wrote its outbox row started at {@code transactionStart}
     * (its {@code ce_time}, PostgreSQL's {@code now()}), the producer sent it at {@code sent} (the
     * record's timestamp, whole milliseconds), and this consumer had it at {@code read}.
     */
    record Seen(long transactionStart, long sent, long read) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    RuleTopicWatch() {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        DevServersProcess.shared().kafkaBootstrap(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "bench-rule-topic-watch"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        String topic = Topic.RULES.topicName();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::follow, "bench-rule-topic-watch");
        thread.setDaemon(true);
        thread.start();
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** What was seen of {@code key}, waiting up to {@code timeout} for it. */
    Seen await(String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Seen found;
        while ((found = seen.get(key)) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no record of " + key + " on the rules topic");
            }
            Thread.sleep(1);
        }
        return found;
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long read = nowMicros();
                    Header time = record.headers().lastHeader("ce_time");
                    if (record.key() != null && time != null) {
                        Instant start = Instant.parse(new String(time.value(), StandardCharsets.UTF_8));
                        seen.putIfAbsent(
                                record.key(),
                                new Seen(
                                        start.getEpochSecond() * 1_000_000 + start.getNano() / 1_000,
                                        record.timestamp() * 1_000,
                                        read));
                    }
                }
            }
        } catch (WakeupException e) {
            // closed
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
