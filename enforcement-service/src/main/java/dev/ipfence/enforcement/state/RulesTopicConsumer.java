package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.Topic;
import dev.ipfence.enforcement.checkpoint.Checkpoint;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord;
import dev.ipfence.enforcement.checkpoint.Checkpointer;
import dev.ipfence.enforcement.checkpoint.LatestRecords;
import dev.ipfence.web.apikeys.ApiKeyTable;
import dev.ipfence.web.topics.TopicFollower;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
    private static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(10);
    private static final int CHECKPOINT_CHUNK = 50_000;

    private final RuleStore store;
    private final RuleRecordApplier applier;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Timer rebuildTimer;
    private final Checkpointer checkpointer;
    private final LatestRecords latest = new LatestRecords();
    private final TopicFollower follower;
    private volatile boolean ready;
    private final TopicLag lag = new TopicLag();
    private final Map<String, Object> kafkaConfig;
    private volatile long eventsApplied;
    // Kafka's id of the rules topic, read before a replay when checkpoints are on: null, none written
    private String topicId;

    public RulesTopicConsumer(
            RuleStore store,
            RuleEventReader reader,
            ApiKeyTable apiKeys,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            MeterRegistry registry,
            Checkpointer checkpointer) {
        this.store = store;
        this.checkpointer = checkpointer;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.applier = new RuleRecordApplier(store, reader, apiKeys, latest, checkpointer.enabled());
        this.rebuildTimer = RulesTopicMetrics.register(registry, this, store);
        Map<String, Object> config = TopicFollower.withoutGroup(kafkaConfig, "enforcement-rules");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // a replay reads the whole topic: fetch in large pieces (the default is 1 MiB a partition)
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        this.follower = new TopicFollower(Topic.RULES.topicName(), "ipfence-rules-consumer", config, this::follow);
    }

    void start(@Observes StartupEvent event) {
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!checkpointer.enabled()) {
            follower.stop();
        } else if (follower.stopAndWait(Duration.ofSeconds(10)) && ready && topicId != null) {
            // the consumer thread is done: positions and latest are this thread's to read now
            checkpointer.writeNow(checkpoint());
        } else {
            // not ready (a partial state) or the consumer did not stop: no checkpoint of it
            checkpointer.close();
        }
    }

    public boolean isReady() {
        return ready;
    }

    public long lag() {
        return lag.lag();
    }

    public long eventsApplied() {
        return eventsApplied;
    }

    /** Seconds since the rules in memory were last confirmed current with the topic. */
    public double snapshotAgeSeconds() {
        return lag.snapshotAgeSeconds();
    }

    /**
     * The first connection replays the topic from offset 0 up to the end offsets seen then, and
     * publishes the first snapshot only when it got there, all scopes compiled; a later connection
     * (after Kafka was away) goes on from where the last one stopped.
     */
    private void follow(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions, BooleanSupplier running) {
        String topic = Topic.RULES.topicName();
        Map<TopicPartition, Long> target = null;
        long targetAtMillis = 0;
        long started = System.nanoTime();
        if (ready) {
            TopicFollower.seek(kafka, partitions, positions);
            LOG.infof("Following %s again from %s", topic, positions);
        } else {
            // the state at the end of the replay is current as of the end offsets asked for here
            targetAtMillis = System.currentTimeMillis();
            target = kafka.endOffsets(partitions, OFFSETS_TIMEOUT);
            startReplay(kafka, partitions, target);
        }
        long nextLagCheck = 0;
        while (running.getAsBoolean()) {
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
            TopicFollower.keepPositions(kafka, partitions, positions);
            if (!ready && TopicLag.reached(kafka, target)) {
                rebuild();
                ready = true;
                lag.caughtUp(targetAtMillis);
                LOG.infof(
                        "Replayed %d rule events (%d rules, %d quarantined records) in %d ms; ready",
                        eventsApplied,
                        store.snapshot().ruleCount(),
                        store.snapshot().quarantined().size(),
                        (System.nanoTime() - started) / 1_000_000);
            } else if (ready && !records.isEmpty()) {
                rebuild();
            }
            if (ready && topicId != null && checkpointer.due()) {
                checkpointer.writeLater(checkpoint());
            }
            if (System.currentTimeMillis() >= nextLagCheck) {
                nextLagCheck = System.currentTimeMillis() + LAG_CHECK_INTERVAL.toMillis();
                lag.check(kafka, partitions);
            }
        }
    }

    /**
     * Starts a replay from nothing (one that failed half-way starts over): from the checkpoint's
     * records and offsets if there is a usable one, else from offset 0.
     */
    private void startReplay(
            KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions, Map<TopicPartition, Long> target) {
        String topic = Topic.RULES.topicName();
        applier.reset();
        positions.clear();
        eventsApplied = 0;
        topicId = checkpointer.enabled() ? TopicIds.of(kafkaConfig, topic) : null;
        Checkpoint checkpoint = checkpointer.enabled()
                ? checkpointer.load(
                        topic,
                        topicId,
                        store.shard().toString(),
                        byPartition(kafka.beginningOffsets(partitions, OFFSETS_TIMEOUT)),
                        byPartition(target))
                : null;
        if (checkpoint != null && !restore(checkpoint.records())) {
            applier.reset();
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

    /**
     * Applies the records of a checkpoint as a replay of the topic up to its offsets would; false
     * (logged and counted) when that failed, and the topic is to be replayed from the start.
     */
    private boolean restore(List<CheckpointRecord> records) {
        long started = System.nanoTime();
        try {
            for (int from = 0; from < records.size(); from += CHECKPOINT_CHUNK) {
                apply(records.subList(from, Math.min(records.size(), from + CHECKPOINT_CHUNK)));
            }
        } catch (RuntimeException e) {
            checkpointer.ignored("unreadable", "applying its records failed: " + e);
            return false;
        }
        LOG.infof("Applied %d checkpoint records in %d ms", records.size(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private void apply(List<CheckpointRecord> batch) {
        applier.apply(batch);
        eventsApplied = applier.applied();
    }

    /**
     * The state as it is now: the records taken, the next offset of every partition, and when the
     * consumer was last at the end of the topic (Kafka away, that time stays behind).
     */
    private Checkpoint checkpoint() {
        Map<Integer, Long> next = new TreeMap<>();
        positions.forEach((partition, offset) -> next.put(partition.partition(), offset));
        return new Checkpoint(
                Topic.RULES.topicName(),
                topicId,
                store.shard().toString(),
                Instant.ofEpochMilli(lag.caughtUpAtMillis()),
                next,
                latest.records());
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> byNumber = new HashMap<>();
        offsets.forEach((partition, offset) -> byNumber.put(partition.partition(), offset));
        return byNumber;
    }

    private void rebuild() {
        rebuildTimer.record(store::publish);
    }
}
