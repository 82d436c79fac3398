package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.enforcement.common.EnforcementConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Where the rules topic consumer loads its checkpoint from at start and writes it to while it
 * runs ({@code ipfence.enforcement.checkpoint.*}). A checkpoint that cannot be read, or that does
 * not fit the topic as it is now, is logged, counted and ignored: the topic is then replayed from
 * the start. Writing runs on its own thread, one at a time, so that following the topic never
 * waits for the disk.
 */
@ApplicationScoped
public class Checkpointer {

    private static final Logger LOG = Logger.getLogger(Checkpointer.class);

    private final Optional<Path> dir;
    private final Duration interval;
    private final Duration maxAge;
    private final MeterRegistry registry;
    private final Counter written;
    private final Counter failed;
    private final Timer writeTimer;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final ExecutorService writer;
    private volatile long lastWriteMillis = System.currentTimeMillis();

    public Checkpointer(EnforcementConfig config, MeterRegistry registry) {
        this.dir = config.checkpoint().dir();
        this.interval = config.checkpoint().interval();
        this.maxAge = config.checkpoint().maxAge();
        this.registry = registry;
        this.written = Counter.builder("ipfence.rules.checkpoint.written")
                .description("Rule-state checkpoints written to local disk")
                .register(registry);
        this.failed = Counter.builder("ipfence.rules.checkpoint.failed")
                .description("Rule-state checkpoints that could not be written (the last one written stays)")
                .register(registry);
        this.writeTimer = Timer.builder("ipfence.rules.checkpoint.write")
                .description("Time to write one rule-state checkpoint")
                .register(registry);
        this.writer = dir.isPresent()
                ? Executors.newSingleThreadExecutor(r -> {
                    Thread thread = new Thread(r, "ipfence-rules-checkpoint");
                    thread.setDaemon(true);
                    return thread;
                })
                : null;
    }

    public boolean enabled() {
        return dir.isPresent();
    }

    /**
     * The checkpoint to start from, or null (none, or ignored: the reason is logged and counted).
     * It must name {@code topic} with Kafka's {@code topicId} for it now (null: unknown, so no
     * checkpoint fits) and {@code shard}, have exactly the topic's partitions, each offset must lie
     * within the partition's log now ({@code firstOffsets} to {@code endOffsets}: one before the
     * start means records were deleted since), and its state must be younger than the maximum age.
     */
    public Checkpoint load(
            String topic,
            String topicId,
            String shard,
            Map<Integer, Long> firstOffsets,
            Map<Integer, Long> endOffsets) {
        if (dir.isEmpty()) {
            return null;
        }
        long started = System.nanoTime();
        try {
            int unfinished = CheckpointFile.deleteUnfinished(dir.get());
            if (unfinished > 0) {
                LOG.warnf("Deleted %d unfinished checkpoint file(s) in %s", unfinished, dir.get());
            }
        } catch (IOException e) {
            LOG.warnf("Could not delete unfinished checkpoint files in %s: %s", dir.get(), e.toString());
        }
        Checkpoint checkpoint;
        try {
            checkpoint = CheckpointFile.read(dir.get());
        } catch (CheckpointException e) {
            return ignored("unreadable", e.getMessage());
        }
        if (checkpoint == null) {
            LOG.infof("No rules checkpoint in %s; replaying %s from the start", dir.get(), topic);
            return null;
        }
        String old = CheckpointFit.tooOld(checkpoint.currentAt(), Instant.now(), maxAge);
        if (old != null) {
            return ignored("too-old", old);
        }
        String misfit = CheckpointFit.misfit(checkpoint, topic, topicId, shard, firstOffsets, endOffsets);
        if (misfit != null) {
            return ignored("mismatch", misfit);
        }
        LOG.infof(
                "Read the rules checkpoint of %s (%d records, next offsets %s, current at %s) in %d ms",
                topic,
                checkpoint.records().size(),
                checkpoint.nextOffsets(),
                checkpoint.currentAt(),
                (System.nanoTime() - started) / 1_000_000);
        return checkpoint;
    }

    /** Logs and counts a checkpoint not used, for {@code reason}; null. */
    public Checkpoint ignored(String kind, String reason) {
        Counter.builder("ipfence.rules.checkpoint.ignored")
                .description("Rule-state checkpoints found at start and not used (the topic was replayed in full)")
                .tag("reason", kind)
                .register(registry)
                .increment();
        LOG.warnf("Ignoring the rules checkpoint in %s (%s); replaying the whole topic", dir.get(), reason);
        return null;
    }

    /** Whether a checkpoint is due now: enabled, the interval passed, none being written. */
    public boolean due() {
        return dir.isPresent() && !writing.get() && System.currentTimeMillis() - lastWriteMillis >= interval.toMillis();
    }

    /** Writes {@code checkpoint} on the writer thread, unless one is being written. */
    public void writeLater(Checkpoint checkpoint) {
        if (dir.isEmpty() || !writing.compareAndSet(false, true)) {
            return;
        }
        lastWriteMillis = System.currentTimeMillis();
        try {
            writer.execute(() -> {
                try {
                    write(checkpoint);
                } finally {
                    writing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: the writer takes no more
            writing.set(false);
        }
    }

    /**
     * Writes {@code checkpoint} now, after any write under way (at shutdown). When that write does
     * not end within 30 s, this one is not made: it could be renamed first and then replaced by
     * the older state.
     */
    public void writeNow(Checkpoint checkpoint) {
        if (dir.isEmpty()) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warnf("A rules checkpoint write to %s still runs after 30 s; not writing another", dir.get());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        write(checkpoint);
    }

    /** Stops the writer thread without a last write (a shutdown before the state was complete). */
    public void close() {
        if (writer != null) {
            writer.shutdown();
        }
    }

    private void write(Checkpoint checkpoint) {
        long started = System.nanoTime();
        try {
            Path file = CheckpointFile.write(
                    dir.get(),
                    new Checkpoint(
                            checkpoint.topic(),
                            checkpoint.topicId(),
                            checkpoint.shard(),
                            checkpoint.currentAt(),
                            checkpoint.nextOffsets(),
                            LatestRecords.inOrder(checkpoint.records())));
            writeTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            written.increment();
            LOG.infof(
                    "Wrote the rules checkpoint %s (%d records, next offsets %s) in %d ms",
                    file,
                    checkpoint.records().size(),
                    checkpoint.nextOffsets(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            failed.increment();
            LOG.errorf("Could not write the rules checkpoint to %s: %s", dir.get(), e.toString());
        }
    }
}
