package dev.ipfence.rules.outbox;

import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.RulesConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka in sequence order and deletes what Kafka acknowledged. Woken by
 * every commit of this replica and by a timer (for the commits of others). One relay round runs at
 * a time per replica ({@link RoundGate}: a wake during a round runs another right after it) and
 * per database: a transaction-scoped advisory lock keeps replicas from publishing the same rows
 * side by side; a round that finds the lock taken tries again after {@code lock-retry}, not at the
 * next timer. While Kafka is unreachable, rounds fail and are retried with a growing pause; writes
 * are never affected.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** The key of the advisory lock a relay round holds in its transaction. */
    public static final long RELAY_LOCK = 0x1BFE_0C0DL;
    /** What a round returns when another replica holds the relay lock. */
    private static final int LOCK_TAKEN = -1;

    private final Pool pool;
    private final KafkaEventPublisher publisher;
    private final Vertx vertx;
    private final RulesConfig.Outbox config;
    private final RoundGate gate = new RoundGate();
    private final AtomicLong retryNotBefore = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final Counter published;
    private volatile int consecutiveFailures;
    private volatile boolean stopped;
    private long timerId = -1;

    public OutboxRelay(
            Pool pool, KafkaEventPublisher publisher, Vertx vertx, RulesConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.publisher = publisher;
        this.vertx = vertx;
        this.config = config.outbox();
        this.published = Counter.builder("ipfence.outbox.published")
                .description("Events the outbox relay published to Kafka")
                .register(registry);
        registry.gauge("ipfence.outbox.pending", pending);
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
        wake();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Publish what is waiting, now, unless a round is running (then right after it) or Kafka is in back-off. */
    public void wake() {
        if (stopped || System.nanoTime() < retryNotBefore.get()) {
            return;
        }
        if (gate.wake()) {
            runRound();
        }
    }

    private void runRound() {
        relayRound().subscribe().with(this::roundDone, this::roundFailed);
    }

    private void roundDone(int count) {
        if (count > 0 && consecutiveFailures > 0) {
            LOG.infof("Kafka reachable again; outbox relay resumed after %d failed rounds", consecutiveFailures);
            consecutiveFailures = 0;
        }
        if (stopped) {
            gate.release();
        } else if (gate.finished()) {
            runRound();
        } else if (count >= config.batchSize()) {
            wake();
        } else if (count == LOCK_TAKEN) {
            // the replica holding the lock may have read the outbox before this replica's commit
            vertx.setTimer(config.lockRetry().toMillis(), id -> wake());
        }
    }

    private void roundFailed(Throwable failure) {
        consecutiveFailures++;
        long backoffMillis = Math.min(config.maxBackoff().toMillis(), 100L << Math.min(consecutiveFailures, 10));
        retryNotBefore.set(System.nanoTime() + Duration.ofMillis(backoffMillis).toNanos());
        if (consecutiveFailures == 1 || consecutiveFailures % 20 == 0) {
            LOG.warnf(
                    "Outbox relay could not publish (%d failed rounds; %d events waiting); retrying in %d ms: %s",
                    consecutiveFailures, pending.get(), backoffMillis, failure.getMessage());
        }
        gate.release();
        vertx.setTimer(backoffMillis, id -> wake());
    }

    private Uni<Integer> relayRound() {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(RELAY_LOCK))
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? publishBatch(conn)
                        : Uni.createFrom().item(LOCK_TAKEN)));
    }

    private Uni<Integer> publishBatch(SqlConnection conn) {
        return conn.preparedQuery("select seq, event_id, topic, record_key, event_type, subject, tombstone, payload,"
                        + " created_at, count(*) over () as waiting from outbox order by seq limit $1")
                .execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> {
                    List<OutboxRecord> records = new ArrayList<>();
                    long waiting = 0;
                    for (Row row : rows) {
                        records.add(toRecord(row));
                        waiting = row.getLong("waiting");
                    }
                    pending.set(waiting);
                    if (records.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Long[] seqs = records.stream().map(OutboxRecord::seq).toArray(Long[]::new);
                    return publisher
                            .publish(records)
                            .flatMap(done -> conn.preparedQuery("delete from outbox where seq = any($1)")
                                    .execute(Tuple.of(seqs)))
                            .invoke(() -> {
                                published.increment(records.size());
                                pending.addAndGet(-records.size());
                            })
                            .replaceWith(records.size());
                });
    }

    private static OutboxRecord toRecord(Row row) {
        return new OutboxRecord(
                row.getLong("seq"),
                row.getUUID("event_id"),
                row.getString("topic"),
                row.getString("record_key"),
                row.getString("event_type"),
                row.getString("subject"),
                row.getBoolean("tombstone"),
                row.getString("payload"),
                Clocks.fromDb(row.getOffsetDateTime("created_at")));
    }
}
