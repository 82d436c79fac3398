package dev.ipfence.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {

    private static final String TOPIC = "ipfence.blocked-attempts.v1";
    private static final IngestPipeline.Backoff FAST =
            new IngestPipeline.Backoff(Duration.ofMillis(1), Duration.ofMillis(5));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final IngestStatus status = new IngestStatus(TOPIC, registry, clock::get);
    private final List<String> stored = new CopyOnWriteArrayList<>();
    private final Map<String, String> deadLetters = new java.util.LinkedHashMap<>();

    /** Reads a record's text; "bad..." breaks the contract, "tombstone" is nothing to do. */
    private final IngestPipeline.Reader<String> reader = record -> {
        String text = new String(record.value(), StandardCharsets.UTF_8);
        if (text.startsWith("bad")) {
            return Read.rejected("bad by contract");
        }
        if (text.equals("tombstone")) {
            return Read.skipped();
        }
        if (text.equals("throws")) {
            throw new IllegalStateException("reader bug");
        }
        return Read.ok(text);
    };

    private final IngestPipeline.DeadLetterSink sink = (record, reason) -> {
        deadLetters.put(new String(record.value(), StandardCharsets.UTF_8), reason);
        return Uni.createFrom().voidItem();
    };

    @Test
    void recordsThatBreakTheContractAreDeadLetteredAndTheRestStored() {
        process(pipeline(this::storeAll), "a", "bad-org", "b", "tombstone", "throws", "c");
        assertThat(stored).containsExactly("a", "b", "c");
        assertThat(deadLetters)
                .containsExactly(
                        Map.entry("bad-org", "bad by contract"), Map.entry("throws", "unreadable: reader bug"));
    }

    @Test
    void aTransientFailureIsRetriedWithBackOffUntilItPassesAndShowsInTheMetrics() {
        AtomicInteger calls = new AtomicInteger();
        List<Double> failingSecondsSeen = new ArrayList<>();
        IngestPipeline<String> pipeline = pipeline(items -> {
            clock.addAndGet(2_000_000_000L); // each try two seconds after the one before
            failingSecondsSeen.add(registry.get("ipfence.audit.ingest.failing.seconds")
                    .tag("topic", TOPIC)
                    .gauge()
                    .value());
            if (calls.incrementAndGet() <= 3) {
                return Uni.createFrom().failure(new IOException("Connection refused"));
            }
            return storeAll(items);
        });
        process(pipeline, "a", "b");
        assertThat(stored).containsExactly("a", "b");
        assertThat(calls).hasValue(4);
        assertThat(failingSecondsSeen).containsExactly(0.0, 2.0, 4.0, 6.0);
        assertThat(status.failingSeconds()).isZero();
        assertThat(registry.get("ipfence.audit.ingest.retries")
                        .tag("topic", TOPIC)
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aBatchThatKeepsFailingStaysInTheMetricsWhileAnotherConsumersBatchesAreStored() throws Exception {
        AtomicBoolean databaseBack = new AtomicBoolean();
        IngestPipeline<String> pipeline = pipeline(items -> {
            if (items.get(0).value().startsWith("stuck") && !databaseBack.get()) {
                return Uni.createFrom().failure(new IOException("lock timeout"));
            }
            return storeAll(items);
        });
        CompletableFuture<Void> stuck =
                pipeline.process(records("stuck-1", "stuck-2")).subscribeAsCompletionStage();
        await(() -> retries() >= 2);
        clock.addAndGet(30_000_000_000L);

        process(pipeline, "a", "b"); // another consumer's batch, stored meanwhile
        assertThat(stored).containsExactly("a", "b");
        assertThat(status.failingSeconds()).isEqualTo(30.0);

        databaseBack.set(true);
        stuck.get(10, TimeUnit.SECONDS);
        assertThat(stored).containsExactly("a", "b", "stuck-1", "stuck-2");
        assertThat(status.failingSeconds()).isZero();
    }

    @Test
    void aFailureReportedAfterItsBatchEndedLeavesNothingInTheMetrics() {
        // a retry's failure arriving after the stream cancelled the batch
        IngestStatus.Attempt attempt = new IngestStatus.Attempt();
        status.over(attempt);
        status.failed(attempt);
        clock.addAndGet(30_000_000_000L);
        assertThat(status.failingSeconds()).isZero();
    }

    @Test
    void aPermanentFailureIsolatesTheRecordAtFaultDeadLettersItAndStoresTheRest() {
        AtomicInteger transactions = new AtomicInteger();
        IngestPipeline<String> pipeline = pipeline(items -> {
            transactions.incrementAndGet();
            if (items.stream().anyMatch(item -> item.value().contains("\u0000"))) {
                return Uni.createFrom()
                        .failure(new PgException("unsupported Unicode escape sequence", "ERROR", "22P05", null));
            }
            return storeAll(items);
        });
        process(pipeline, "a", "b", "c", "d", "e\u0000", "f", "g", "h");
        assertThat(stored).containsExactly("a", "b", "c", "d", "f", "g", "h");
        assertThat(deadLetters)
                .containsExactly(Map.entry(
                        "e\u0000", "the database refused it: unsupported Unicode escape sequence (SQLSTATE 22P05)"));
        // 8 -> 4 + 4 -> 2 + 2 -> 1 + 1: log2 of the batch, not one transaction per record
        assertThat(transactions).hasValue(7);
        assertThat(registry.get("ipfence.audit.ingest.retries")
                        .tag("topic", TOPIC)
                        .counter()
                        .count())
                .isZero();
    }

    @Test
    void aDeadLetterKafkaDidNotTakeIsSentAgain() {
        AtomicInteger attempts = new AtomicInteger();
        IngestPipeline.DeadLetterSink flaky = (record, reason) -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IOException("Kafka away"))
                : sink.send(record, reason);
        IngestPipeline<String> pipeline = new IngestPipeline<>(TOPIC, reader, this::storeAll, flaky, FAST, status);
        process(pipeline, "bad-1", "a");
        assertThat(deadLetters).containsOnlyKeys("bad-1");
        assertThat(attempts).hasValue(3);
        assertThat(stored).containsExactly("a");
    }

    private Uni<Void> storeAll(List<IngestPipeline.Item<String>> items) {
        items.forEach(item -> stored.add(item.value()));
        return Uni.createFrom().voidItem();
    }

    private IngestPipeline<String> pipeline(IngestPipeline.Store<String> store) {
        return new IngestPipeline<>(TOPIC, reader, store, sink, FAST, status);
    }

    private double retries() {
        return registry.get("ipfence.audit.ingest.retries")
                .tag("topic", TOPIC)
                .counter()
                .count();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static void process(IngestPipeline<String> pipeline, String... values) {
        pipeline.process(records(values)).await().atMost(Duration.ofSeconds(10));
    }

    private static List<SourceRecord> records(String... values) {
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new SourceRecord(
                    TOPIC, 0, i, "key", values[i].getBytes(StandardCharsets.UTF_8), new RecordHeaders()));
        }
        return records;
    }
}
