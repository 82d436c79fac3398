package dev.ipfence.web.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * A daemon thread that reads every partition of one topic itself, without a consumer group: a
 * service that keeps a topic's state in memory must see all of it, and commits no offsets. It
 * connects, assigns all partitions and hands the consumer to its {@link Reader}; when Kafka fails
 * it connects again a second later, and the reader goes on from the positions it kept.
 */
public final class TopicFollower {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final long RETRY_MILLIS = 1000;

    /** Reads from a connected consumer until it fails or {@code running} turns false. */
    @FunctionalInterface
    public interface Reader {
        void read(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions, BooleanSupplier running);
    }

    private final String topic;
    private final String threadName;
    private final Map<String, Object> consumerConfig;
    private final Reader reader;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param consumerConfig the consumer's configuration, usually {@link #withoutGroup} of the
     *     service's Kafka configuration
     */
    public TopicFollower(String topic, String threadName, Map<String, Object> consumerConfig, Reader reader) {
        this.topic = topic;
        this.threadName = threadName;
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.reader = reader;
    }

    /**
     * The service's Kafka configuration for a consumer without a group: no committed offsets, from
     * the earliest offset where none is known, a client id of {@code clientIdPrefix} and the pid.
     */
    public static Map<String, Object> withoutGroup(Map<String, Object> kafkaConfig, String clientIdPrefix) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientIdPrefix + "-" + ProcessHandle.current().pid());
        return config;
    }

    /**
     * Seeks each partition to its kept position, or to its beginning when none is kept yet.
     */
    public static void seek(
            KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions, Map<TopicPartition, Long> positions) {
        for (TopicPartition partition : partitions) {
            Long position = positions.get(partition);
            if (position == null) {
                kafka.seekToBeginning(List.of(partition));
            } else {
                kafka.seek(partition, position);
            }
        }
    }

    /** Keeps the consumer's position of every partition in {@code positions}. */
    public static void keepPositions(
            KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions, Map<TopicPartition, Long> positions) {
        for (TopicPartition partition : partitions) {
            positions.put(partition, kafka.position(partition));
        }
    }

    public synchronized void start() {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading: the reader's poll is woken up and the thread ends. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /**
     * {@link #stop() Stops} and waits up to {@code timeout} for the thread to end; true if it did,
     * so that what the reader kept is now the caller's to read.
     */
    public boolean stopAndWait(Duration timeout) {
        stop();
        Thread current;
        synchronized (this) {
            current = thread;
        }
        if (current == null) {
            return true;
        }
        try {
            current.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !current.isAlive();
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka =
                    new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                if (!running) {
                    return;
                }
                reader.read(kafka, assignAll(kafka), () -> running);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Reading %s failed, retrying in 1 s: %s", topic, e.getMessage());
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private List<TopicPartition> assignAll(KafkaConsumer<String, byte[]> kafka) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist (yet)");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        kafka.assign(partitions);
        return partitions;
    }
}
