package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.enforcement.common.EnforcementConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
     * It must name {@code topic} and {@code shard}, have exactly {@code partitions} partitions, and each offset must
     * lie within the partition's log now ({@code firstOffsets} to {@code endOffsets}): an offset
     * past the end belongs to another topic or cluster, one before the start means records were
     * deleted since.
     */
    public Checkpoint load(String topic, String shard, Map<Integer, Long> firstOffsets, Map<Integer, Long> endOffsets) {
        if (dir.isEmpty()) {
            return null;
        }
        long started = System.nanoTime();
        Checkpoint checkpoint;
        try {
            java.time.Instant writtenAt = CheckpointFile.writtenAt(dir.get());
            String old = writtenAt == null ? null : CheckpointFit.tooOld(writtenAt, java.time.Instant.now(), maxAge);
            if (old != null) {
                return ignored("too-old", old);
            }
            checkpoint = CheckpointFile.read(dir.get());
        } catch (CheckpointException e) {
            return ignored("unreadable", e.getMessage());
        }
        if (checkpoint == null) {
            LOG.infof("No rules checkpoint in %s; replaying %s from the start", dir.get(), topic);
            return null;
        }
        String misfit = CheckpointFit.misfit(checkpoint, topic, shard, firstOffsets, endOffsets);
        if (misfit != null) {
            return ignored("mismatch", misfit);
        }
        LOG.infof(
                "Read the rules checkpoint of %s (%d records, next offsets %s) in %d ms",
                topic,
                checkpoint.records().size(),
                checkpoint.nextOffsets(),
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
        writer.execute(() -> {
            try {
                write(checkpoint);
            } finally {
                writing.set(false);
            }
        });
    }

    /** Writes {@code checkpoint} now, after any write under way (at shutdown). */
    public void writeNow(Checkpoint checkpoint) {
        if (dir.isEmpty()) {
            return;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        write(checkpoint);
    }

    private void write(Checkpoint checkpoint) {
        long started = System.nanoTime();
        try {
            Path file = CheckpointFile.write(
                    dir.get(),
                    new Checkpoint(
                            checkpoint.topic(),
                            checkpoint.shard(),
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
            LOG.errorf("Could not write the rules checkpoint to %s: %s", dir.get(), e.toString());
        }
    }
}
