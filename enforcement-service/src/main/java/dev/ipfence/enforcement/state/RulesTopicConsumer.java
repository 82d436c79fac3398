package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.Topic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Replays {@code ipfence.rules.v1} from offset 0 at start, then follows it. Every replica reads
 * every partition itself (no consumer group, no committed offsets). The service is ready once the
 * replay reached the end offsets seen at start; until then it answers no decision. If Kafka goes
 * away, the last compiled rules keep answering and the snapshot age grows.
 */
@ApplicationScoped
public class RulesTopicConsumer {

    private static final Logger LOG = Logger.getLogger(RulesTopicConsumer.class);
    private static final Duration LAG_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final RuleStore store;
    private final Map<String, Object> kafkaConfig;
    private final Timer rebuildTimer;
    private volatile boolean ready;
    private volatile boolean running = true;
    private volatile long lag = -1;
    private volatile long caughtUpAtMillis = System.currentTimeMillis();
    private volatile long eventsApplied;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public RulesTopicConsumer(
            RuleStore store,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry) {
        this.store = store;
        this.kafkaConfig = kafkaConfig;
        this.rebuildTimer = Timer.builder("ipfence.matcher.rebuild")
                .description("Time to recompile the scopes changed by one batch of rule events")
                .register(registry);
        Gauge.builder("ipfence.rules.consumer.lag", this, c -> c.lag)
                .description("Rule events on the topic not applied yet (-1 before the first check)")
                .register(registry);
        Gauge.builder(
                        "ipfence.matcher.snapshot.age.seconds",
                        this,
                        c -> (System.currentTimeMillis() - c.caughtUpAtMillis) / 1000.0)
                .description("Seconds since the rules in memory were last confirmed current with the topic")
                .register(registry);
        Gauge.builder("ipfence.matcher.rules", store, RuleStore::ruleCount)
                .description("Rules held in memory")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "ipfence-rules-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    public boolean isReady() {
        return ready;
    }

    public long lag() {
        return lag;
    }

    public long eventsApplied() {
        return eventsApplied;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = newConsumer()) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Reading %s failed, retrying in 1 s: %s", Topic.RULES.topicName(), e.getMessage());
                sleep(1000);
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka) {
        String topic = Topic.RULES.topicName();
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist (yet)");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        Map<TopicPartition, Long> target = kafka.endOffsets(partitions, Duration.ofSeconds(10));
        long started = System.nanoTime();
        LOG.infof("Replaying %s from offset 0 up to %s", topic, target.values());
        long nextLagCheck = 0;
        while (running) {
            ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(100));
            // reading (JSON, addresses) runs on all cores; applying stays in record order
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
            records.forEach(batch::add);
            List<RuleStore.Parsed> parsed = (batch.size() > 256 ? batch.parallelStream() : batch.stream())
                    .map(this::parse)
                    .toList();
            for (RuleStore.Parsed event : parsed) {
                if (event != null) {
                    store.apply(event);
                }
            }
            eventsApplied += records.count();
            if (!ready && reached(kafka, target)) {
                rebuild();
                ready = true;
                caughtUpAtMillis = System.currentTimeMillis();
                LOG.infof(
                        "Replayed %d rule events (%d rules) in %d ms; ready",
                        eventsApplied, store.ruleCount(), (System.nanoTime() - started) / 1_000_000);
            } else if (ready && !records.isEmpty()) {
                rebuild();
            }
            if (System.currentTimeMillis() >= nextLagCheck) {
                nextLagCheck = System.currentTimeMillis() + LAG_CHECK_INTERVAL.toMillis();
                checkLag(kafka, partitions);
            }
        }
    }

    /** The record read, or null (logged) when it cannot be: one bad event must not stop the replay. */
    private RuleStore.Parsed parse(ConsumerRecord<String, byte[]> record) {
        try {
            return store.parse(record.key(), record.value());
        } catch (Exception e) {
            LOG.errorf(
                    "Skipping unreadable event at %s-%d offset %d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    private void rebuild() {
        rebuildTimer.record(store::rebuildDirty);
    }

    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (kafka.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void checkLag(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        try {
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions, Duration.ofMillis(500));
            long behind = 0;
            for (TopicPartition partition : partitions) {
                behind += Math.max(0, ends.get(partition) - kafka.position(partition));
            }
            lag = behind;
            if (behind == 0) {
                caughtUpAtMillis = System.currentTimeMillis();
            }
        } catch (RuntimeException e) {
            // Kafka unreachable: the snapshot age keeps growing, decisions go on from memory
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // a replay reads the whole topic: fetch in large pieces (the default is 1 MiB a partition)
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "enforcement-rules-" + ProcessHandle.current().pid());
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
