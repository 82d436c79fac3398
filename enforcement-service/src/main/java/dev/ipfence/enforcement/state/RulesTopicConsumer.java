package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.Topic;
import dev.ipfence.enforcement.checkpoint.Checkpoint;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord;
import dev.ipfence.enforcement.checkpoint.Checkpointer;
import dev.ipfence.enforcement.checkpoint.LatestRecords;
import dev.ipfence.web.apikeys.ApiKeyTable;
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
import java.util.TreeMap;
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
 * Replays {@code ipfence.rules.v1} from offset 0 (or from a local checkpoint, see {@link
 * Checkpointer}: its records, then the topic from its offsets) at start, then follows it. Every replica reads
 * every partition itself (no consumer group, no committed offsets). The service is ready once the
 * replay reached the end offsets seen at start and the first snapshot is compiled; until then it
 * answers no decision. Each poll batch becomes one new snapshot. If Kafka goes away, the last
 * snapshot keeps answering, the service stays ready and the snapshot age grows; when Kafka is back
 * the consumer goes on from where it stopped.
 */
@ApplicationScoped
public class RulesTopicConsumer {

    private static final Logger LOG = Logger.getLogger(RulesTopicConsumer.class);
    private static final Duration LAG_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final RuleStore store;
    private final RuleEventReader reader;
    private final ApiKeyTable apiKeys;
    private final Map<String, Object> kafkaConfig;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Timer rebuildTimer;
    private final Checkpointer checkpointer;
    private final LatestRecords latest = new LatestRecords();
    private volatile boolean ready;
    private volatile boolean running = true;
    private volatile long lag = -1;
    private volatile long caughtUpAtMillis = System.currentTimeMillis();
    private volatile long eventsApplied;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public RulesTopicConsumer(
            RuleStore store,
            RuleEventReader reader,
            ApiKeyTable apiKeys,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry,
            Checkpointer checkpointer) {
        this.store = store;
        this.checkpointer = checkpointer;
        this.reader = reader;
        this.apiKeys = apiKeys;
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
        Gauge.builder("ipfence.rules.records.other.shard", store, RuleStore::otherShardRecords)
                .description("Rule-topic records left out because their organization is served by another shard")
                .register(registry);
        Gauge.builder("ipfence.matcher.rules", store, s -> s.snapshot().ruleCount())
                .description("Rules held in memory")
                .register(registry);
        Gauge.builder(
                        "ipfence.rules.quarantined",
                        store,
                        s -> s.snapshot().quarantined().size())
                .description("Rule-topic records that could not be applied; their chains answer RULES_UNAVAILABLE")
                .register(registry);
        Gauge.builder(
                        "ipfence.matcher.scopes.unavailable",
                        store,
                        s -> s.snapshot().unavailable().size())
                .description("Organizations, projects, environments and scopes whose chains fail closed")
                .register(registry);
        Gauge.builder(
                        "ipfence.policies.organizations.unavailable",
                        store,
                        s -> s.snapshot().policiesUnavailable().size())
                .description("Organizations whose requests with an identity fail closed (a policy, group or"
                        + " admission rule record quarantined or not compiled)")
                .register(registry);
        Gauge.builder(
                        "ipfence.policies.organizations",
                        store,
                        s -> s.snapshot().policies().size())
                .description("Organizations with policies, policy groups or admission rules in memory")
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
        if (checkpointer.enabled() && thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (ready && !thread.isAlive()) {
                // the consumer thread is done: positions and latest are this thread's to read now
                checkpointer.writeNow(checkpoint());
            }
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

    /** Seconds since the rules in memory were last confirmed current with the topic. */
    public double snapshotAgeSeconds() {
        return (System.currentTimeMillis() - caughtUpAtMillis) / 1000.0;
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

    /**
     * The first connection replays the topic from offset 0 up to the end offsets seen then, and
     * publishes the first snapshot only when it got there, all scopes compiled; a later connection
     * (after Kafka was away) goes on from where the last one stopped.
     */
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
        Map<TopicPartition, Long> target = null;
        long started = System.nanoTime();
        if (ready) {
            for (TopicPartition partition : partitions) {
                Long position = positions.get(partition);
                if (position == null) {
                    kafka.seekToBeginning(List.of(partition));
                } else {
                    kafka.seek(partition, position);
                }
            }
            LOG.infof("Following %s again from %s", topic, positions);
        } else {
            // a replay that failed half-way starts over from nothing
            store.reset();
            apiKeys.clear();
            latest.clear();
            positions.clear();
            eventsApplied = 0;
            target = kafka.endOffsets(partitions, Duration.ofSeconds(10));
            Checkpoint checkpoint = checkpointer.enabled()
                    ? checkpointer.load(
                            topic,
                            store.shard().toString(),
                            byPartition(kafka.beginningOffsets(partitions, Duration.ofSeconds(10))),
                            byPartition(target))
                    : null;
            if (checkpoint != null && !restore(checkpoint.records())) {
                store.reset();
                apiKeys.clear();
                latest.clear();
                eventsApplied = 0;
                checkpoint = null;
            }
            if (checkpoint == null) {
                kafka.seekToBeginning(partitions);
                LOG.infof("Replaying %s from offset 0 up to %s", topic, target.values());
            } else {
                for (TopicPartition partition : partitions) {
                    long next = checkpoint.nextOffsets().get(partition.partition());
                    kafka.seek(partition, next);
                    positions.put(partition, next);
                }
                LOG.infof(
                        "Replaying %s from the checkpoint's offsets %s up to %s",
                        topic, checkpoint.nextOffsets(), target.values());
            }
        }
        long nextLagCheck = 0;
        while (running) {
            ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(100));
            List<CheckpointRecord> batch = new ArrayList<>(records.count());
            for (ConsumerRecord<String, byte[]> record : records) {
                batch.add(new CheckpointRecord(record.partition(), record.offset(), record.key(), record.value()));
            }
            apply(batch);
            for (CheckpointRecord record : batch) {
                // what was applied, even if asking Kafka for the position below is cut short
                positions.put(new TopicPartition(topic, record.partition()), record.offset() + 1);
            }
            for (TopicPartition partition : partitions) {
                positions.put(partition, kafka.position(partition));
            }
            if (!ready && reached(kafka, target)) {
                rebuild();
                ready = true;
                caughtUpAtMillis = System.currentTimeMillis();
                LOG.infof(
                        "Replayed %d rule events (%d rules, %d quarantined records) in %d ms; ready",
                        eventsApplied,
                        store.snapshot().ruleCount(),
                        store.snapshot().quarantined().size(),
                        (System.nanoTime() - started) / 1_000_000);
            } else if (ready && !records.isEmpty()) {
                rebuild();
            }
            if (ready && checkpointer.due()) {
                checkpointer.writeLater(checkpoint());
            }
            if (System.currentTimeMillis() >= nextLagCheck) {
                nextLagCheck = System.currentTimeMillis() + LAG_CHECK_INTERVAL.toMillis();
                checkLag(kafka, partitions);
            }
        }
    }

    /**
     * Applies the records of a checkpoint as a replay of the topic up to its offsets would; false
     * (logged and counted) when that failed, and the topic is to be replayed from the start.
     */
    private boolean restore(List<CheckpointRecord> records) {
        long started = System.nanoTime();
        int chunk = 50_000;
        try {
            for (int from = 0; from < records.size(); from += chunk) {
                apply(records.subList(from, Math.min(records.size(), from + chunk)));
            }
        } catch (RuntimeException e) {
            checkpointer.ignored("unreadable", "applying its records failed: " + e);
            return false;
        }
        LOG.infof("Applied %d checkpoint records in %d ms", records.size(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /** Reading (JSON, addresses) runs on all cores; applying stays in record order. */
    private void apply(List<CheckpointRecord> batch) {
        List<RuleEvent> events = (batch.size() > 256 ? batch.parallelStream() : batch.stream())
                .map(record -> reader.read(record.key(), record.value()))
                .toList();
        String topic = Topic.RULES.topicName();
        for (int i = 0; i < events.size(); i++) {
            CheckpointRecord record = batch.get(i);
            RuleEvent event = events.get(i);
            boolean taken = store.apply(event, topic + "-" + record.partition() + "@" + record.offset());
            applyApiKey(event);
            if (taken && checkpointer.enabled()) {
                latest.offer(record, event);
            }
        }
        eventsApplied += batch.size();
    }

    /** The state as it is now: the records taken and the next offset of every partition. */
    private Checkpoint checkpoint() {
        Map<Integer, Long> next = new TreeMap<>();
        positions.forEach((partition, offset) -> next.put(partition.partition(), offset));
        return new Checkpoint(Topic.RULES.topicName(), store.shard().toString(), next, latest.records());
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> byNumber = new HashMap<>();
        offsets.forEach((partition, offset) -> byNumber.put(partition.partition(), offset));
        return byNumber;
    }

    /** API keys take effect at once, not with the next snapshot: a revocation counts from this record. */
    private void applyApiKey(RuleEvent event) {
        if (event instanceof RuleEvent.ApiKeyChange change) {
            if (change.problem() != null) {
                apiKeys.refuse(change.id(), change.problem());
            } else if (change.deleted()) {
                apiKeys.forget(change.id());
            } else {
                apiKeys.apply(change.id(), change.version(), change.entity());
            }
        } else if (event instanceof RuleEvent.Tombstone tombstone) {
            apiKeys.forget(tombstone.id());
        }
    }

    private void rebuild() {
        rebuildTimer.record(store::publish);
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
