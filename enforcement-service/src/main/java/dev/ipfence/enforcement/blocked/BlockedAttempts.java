package dev.ipfence.enforcement.blocked;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.common.EnforcementConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes every denied request to {@code ipfence.blocked-attempts.v1} without ever slowing a
 * decision: {@link #record} only offers to a queue bounded in attempts and in bytes (a full one
 * drops and counts), and one background thread merges identical attempts seen within the window
 * into one event with a count, then hands the events to Kafka asynchronously. The bytes of an
 * attempt stay counted until it is merged into another or its event is handed to Kafka, so the
 * merge map is bounded too; its text is cut to the event contract's lengths as it is recorded.
 */
@Singleton
public class BlockedAttempts {

    private static final Logger LOG = Logger.getLogger(BlockedAttempts.class);
    private static final long DRAIN_INTERVAL_MILLIS = 20;

    /** What an attempt is counted for besides its text: the record, its ids, a merge-map entry. */
    static final long ATTEMPT_OVERHEAD_BYTES = 256;

    /**
     * One denied request, as the decision endpoints saw it; its text (from the request, so from
     * whoever sent it) is cut to the event contract's lengths ({@link BlockedAttemptEvent#capped}).
     */
    public record Attempt(
            UUID environmentId,
            UUID orgId,
            String ip,
            String method,
            String path,
            String target,
            long timestampMillis,
            String trafficScope,
            UUID ruleId,
            Decision.Reason reason,
            UUID policyId) {

        /** An attempt denied by the IP decision. */
        public Attempt(
                UUID environmentId,
                UUID orgId,
                String ip,
                String method,
                String path,
                String target,
                long timestampMillis,
                String trafficScope,
                UUID ruleId,
                Decision.Reason reason) {
            this(environmentId, orgId, ip, method, path, target, timestampMillis, trafficScope, ruleId, reason, null);
        }

        /**
         * The request's own text (the raw client address of a {@code BAD_CLIENT_IP}, method, path,
         * target) comes from whoever called the decision endpoint: control characters and unpaired
         * surrogates are written as {@code \\uXXXX}, so that no event carries what a store of
         * text (PostgreSQL refuses U+0000 and invalid UTF-8) cannot hold; then each is cut to the
         * event contract's length.
         */
        public Attempt {
            ip = BlockedAttemptEvent.cap(PrintableText.of(ip), BlockedAttemptEvent.MAX_IP_CHARS);
            method = BlockedAttemptEvent.cap(PrintableText.of(method), BlockedAttemptEvent.MAX_METHOD_CHARS);
            path = BlockedAttemptEvent.cap(PrintableText.of(path), BlockedAttemptEvent.MAX_PATH_CHARS);
            target = BlockedAttemptEvent.cap(PrintableText.of(target), BlockedAttemptEvent.MAX_TARGET_CHARS);
            trafficScope = BlockedAttemptEvent.cap(trafficScope, BlockedAttemptEvent.MAX_NAME_CHARS);
        }

        /**
         * The event of {@code count} attempts like this one, the last at {@code lastMillis}, as an
         * object: what {@link BlockedAttemptRecords} writes field by field is checked against the
         * {@code ObjectMapper}'s JSON of it.
         */
        public BlockedAttemptEvent event(UUID id, long count, long lastMillis) {
            return new BlockedAttemptEvent(
                    id,
                    ip,
                    method,
                    path,
                    target,
                    Instant.ofEpochMilli(timestampMillis),
                    Instant.ofEpochMilli(lastMillis),
                    environmentId,
                    orgId,
                    trafficScope,
                    ruleId,
                    reason.name(),
                    count,
                    policyId);
        }

        /** An upper estimate of the heap this attempt holds while it waits. */
        long estimatedBytes() {
            return ATTEMPT_OVERHEAD_BYTES
                    + 2L * (length(ip) + length(method) + length(path) + length(target) + length(trafficScope));
        }

        private static int length(String text) {
            return text == null ? 0 : text.length();
        }
    }

    private final ArrayBlockingQueue<Attempt> queue;
    private final long maxBytes;
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final Duration window;
    private final Map<String, Object> kafkaConfig;
    private final BlockedAttemptRecords records; // used by the publishing thread only
    private final Counter dropped;
    private final Counter published;
    private final Counter failed;
    private final Counter merged;
    private volatile boolean running = true;
    private KafkaProducer<String, byte[]> producer;
    private Thread thread;

    public BlockedAttempts(
            EnforcementConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            ObjectMapper json,
            MeterRegistry registry) {
        this.queue = new ArrayBlockingQueue<>(config.blockedAttempts().bufferCapacity());
        this.maxBytes = config.blockedAttempts().bufferMaxBytes().asLongValue();
        this.window = config.blockedAttempts().window();
        this.kafkaConfig = kafkaConfig;
        this.records = new BlockedAttemptRecords(json.getFactory());
        this.dropped = Counter.builder("ipfence.blocked.attempts.dropped")
                .description("Denied requests not published because the buffer was full (attempts or bytes)")
                .register(registry);
        this.published = Counter.builder("ipfence.blocked.attempts.published")
                .description("Blocked-attempt events handed to Kafka")
                .register(registry);
        this.failed = Counter.builder("ipfence.blocked.attempts.failed")
                .description("Blocked-attempt events Kafka did not accept")
                .register(registry);
        this.merged = Counter.builder("ipfence.blocked.attempts.merged")
                .description("Denied requests merged into another event's count")
                .register(registry);
        Gauge.builder("ipfence.blocked.attempts.buffered", queue, ArrayBlockingQueue::size)
                .description("Denied requests waiting to be published")
                .register(registry);
        Gauge.builder("ipfence.blocked.attempts.buffered.bytes", bufferedBytes, AtomicLong::get)
                .description("Estimated heap held by the denied requests waiting to be published")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Never blocks: a buffer full of attempts or of bytes drops the attempt and counts it. */
    public void record(Attempt attempt) {
        long bytes = attempt.estimatedBytes();
        if (bufferedBytes.addAndGet(bytes) > maxBytes || !queue.offer(attempt)) {
            bufferedBytes.addAndGet(-bytes);
            dropped.increment();
        }
    }

    /** The estimated bytes held by waiting attempts, as the gauge shows them. */
    long bufferedBytes() {
        return bufferedBytes.get();
    }

    void start(@Observes StartupEvent event) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "enforcement-blocked-attempts");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        thread = new Thread(this::run, "ipfence-blocked-attempts");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    private void run() {
        PendingAttempts pending = new PendingAttempts();
        List<Attempt> batch = new ArrayList<>();
        long windowEnds = 0;
        while (running) {
            try {
                // drained on a beat rather than woken per attempt: at thousands of denials a second,
                // a wake-up per attempt costs the request threads more than the attempt itself
                Thread.sleep(DRAIN_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                batch.clear();
                queue.drainTo(batch);
                if (!batch.isEmpty() && pending.isEmpty()) {
                    windowEnds = System.currentTimeMillis() + window.toMillis();
                }
                for (Attempt attempt : batch) {
                    add(pending, attempt);
                }
                if (!pending.isEmpty() && System.currentTimeMillis() >= windowEnds) {
                    pending.drain().forEach(this::send);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Publishing blocked attempts failed: %s", e.getMessage());
            }
        }
        batch.clear();
        queue.drainTo(batch);
        batch.forEach(attempt -> add(pending, attempt));
        pending.drain().forEach(this::send);
    }

    private void add(PendingAttempts pending, Attempt attempt) {
        if (pending.add(attempt)) {
            merged.increment();
            bufferedBytes.addAndGet(-attempt.estimatedBytes()); // only the first attempt of a merge is kept
        }
    }

    /** Hands a merged attempt to Kafka; its bytes are given back whatever happens. */
    private void send(PendingAttempts.Merged attempt) {
        try {
            producer.send(records.of(attempt), (metadata, error) -> {
                if (error != null) {
                    failed.increment();
                } else {
                    published.increment();
                }
            });
        } finally {
            bufferedBytes.addAndGet(-attempt.first().estimatedBytes());
        }
    }
}
