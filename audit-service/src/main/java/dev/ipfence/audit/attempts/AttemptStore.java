package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.AttemptBatchWriter.Written;
import dev.ipfence.audit.attempts.FloodFolding.Incoming;
import dev.ipfence.audit.common.AuditConfig;
import dev.ipfence.audit.ingest.IngestPipeline;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores one batch of blocked attempts in one PostgreSQL transaction ({@link AttemptBatchWriter}).
 * The reactive client has no {@code COPY}, so batches go through JDBC on threads of their own, one
 * per consumer ({@code ipfence.audit.ingest.consumers}), never on an event loop; the result comes
 * back on the caller's context.
 */
@ApplicationScoped
public class AttemptStore implements IngestPipeline.Store<AttemptRow> {

    private final AgroalDataSource dataSource;
    private final AttemptBatchWriter writer;
    private final ExecutorService workers;
    private final Counter stored;
    private final Counter folded;
    private final Timer batchLatency;

    public AttemptStore(AgroalDataSource dataSource, AuditConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        Map<String, Timer> stepTimers = new ConcurrentHashMap<>();
        this.writer = new AttemptBatchWriter(
                new FloodFolding(new FloodFolding.Limits(
                        config.flood().window(),
                        config.flood().detailedRows(),
                        config.flood().foldedRows())),
                (step, nanos) -> stepTimers
                        .computeIfAbsent(
                                step,
                                name -> Timer.builder("ipfence.audit.attempts.batch.step")
                                        .description("Time a step of storing a batch of blocked-attempt events takes")
                                        .tag("step", name)
                                        .register(registry))
                        .record(nanos, TimeUnit.NANOSECONDS));
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.ingest().consumers(), task -> {
            Thread thread = new Thread(task, "audit-attempt-store-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.stored = Counter.builder("ipfence.audit.attempts.stored")
                .description("Blocked-attempt events stored, as received or folded (replays excluded)")
                .register(registry);
        this.folded = Counter.builder("ipfence.audit.attempts.folded")
                .description("Blocked-attempt events folded into a summary row under a flood")
                .register(registry);
        this.batchLatency = Timer.builder("ipfence.audit.attempts.batch")
                .description("Time to store one batch of blocked-attempt events")
                .register(registry);
    }

    @Override
    public Uni<Void> store(List<IngestPipeline.Item<AttemptRow>> items) {
        List<Incoming> batch = new ArrayList<>(items.size());
        for (IngestPipeline.Item<AttemptRow> item : items) {
            batch.add(new Incoming(
                    item.value(), item.source().partition(), item.source().offset()));
        }
        return Uni.createFrom()
                .item(() -> inTransaction(batch))
                .runSubscriptionOn(workers)
                .emitOn(callersContext())
                .replaceWithVoid();
    }

    private Written inTransaction(List<Incoming> batch) {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Written written = writer.write(connection, batch);
                connection.commit();
                stored.increment(written.storedEvents());
                folded.increment(written.foldedEvents());
                batchLatency.record(Duration.ofNanos(System.nanoTime() - started));
                return written;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new AttemptStoreException(e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Where the result goes on: the Vert.x context that asked (a consumer's), or the worker itself. */
    private static Executor callersContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }

    /** A batch that could not be stored; its cause says whether that may pass. */
    static final class AttemptStoreException extends RuntimeException {
        AttemptStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
