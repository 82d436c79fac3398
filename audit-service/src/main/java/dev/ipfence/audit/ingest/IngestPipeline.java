package dev.ipfence.audit.ingest;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One poll batch of a topic from records to the database: each record is read; what breaks the
 * contract goes to the dead-letter topic; the rest is stored in one transaction. A transient
 * failure is retried with exponential back-off (from {@code initial} up to {@code max} between
 * tries, for as long as it takes: nothing is skipped); a permanent one ({@link StoreFailures})
 * splits the batch in halves until the record at fault is alone, and that one is dead-lettered.
 * The returned Uni completes once every record is stored or dead-lettered, and only then may the
 * caller acknowledge the batch (commit its offsets).
 */
public final class IngestPipeline<T> {

    private static final Logger LOG = Logger.getLogger(IngestPipeline.class);

    /** Reads one record; never throws (a throw counts as a rejection). */
    public interface Reader<T> {
        Read<T> read(SourceRecord record);
    }

    /** Stores items in one transaction: all or nothing. */
    public interface Store<T> {
        Uni<Void> store(List<Item<T>> items);
    }

    /** Sends a record to its dead-letter topic; completes when Kafka has it. */
    public interface DeadLetterSink {
        Uni<Void> send(SourceRecord record, String reason);
    }

    public record Item<T>(T value, SourceRecord source) {}

    public record Backoff(Duration initial, Duration max) {}

    private final String topic;
    private final Reader<T> reader;
    private final Store<T> store;
    private final DeadLetterSink deadLetters;
    private final Backoff backoff;
    private final IngestStatus status;

    public IngestPipeline(
            String topic,
            Reader<T> reader,
            Store<T> store,
            DeadLetterSink deadLetters,
            Backoff backoff,
            IngestStatus status) {
        this.topic = topic;
        this.reader = reader;
        this.store = store;
        this.deadLetters = deadLetters;
        this.backoff = backoff;
        this.status = status;
    }

    public Uni<Void> process(List<SourceRecord> records) {
        List<Item<T>> items = new ArrayList<>(records.size());
        List<Uni<Void>> rejected = new ArrayList<>();
        for (SourceRecord record : records) {
            Read<T> read;
            try {
                read = reader.read(record);
            } catch (RuntimeException e) {
                read = Read.rejected("unreadable: " + StoreFailures.describe(e));
            }
            if (read instanceof Read.Ok<T> ok) {
                items.add(new Item<>(ok.value(), record));
            } else if (read instanceof Read.Rejected<T> rejection) {
                rejected.add(deadLetter(record, rejection.reason()));
            }
        }
        Uni<Void> deadLettered = rejected.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andCollectFailures().replaceWithVoid();
        return deadLettered.chain(() -> store(items));
    }

    private Uni<Void> store(List<Item<T>> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        IngestStatus.Attempt attempt = new IngestStatus.Attempt();
        return Uni.createFrom()
                .deferred(() -> store.store(items))
                .onFailure(StoreFailures::isTransient)
                .invoke(e -> {
                    status.failed(attempt);
                    LOG.warnf(
                            "Storing %d records of %s failed, retrying with back-off: %s",
                            items.size(), topic, StoreFailures.describe(e));
                })
                .onFailure(StoreFailures::isTransient)
                .retry()
                .withBackOff(backoff.initial(), backoff.max())
                .indefinitely()
                .invoke(() -> status.over(attempt))
                .onCancellation()
                .invoke(() -> status.over(attempt))
                .onFailure()
                .recoverWithUni(e -> isolate(attempt, items, e));
    }

    /** Stores what it can of a batch that failed for one of its records, and dead-letters that one. */
    private Uni<Void> isolate(IngestStatus.Attempt attempt, List<Item<T>> items, Throwable failure) {
        status.over(attempt); // the database answered: it is the data that is at fault
        if (items.size() == 1) {
            return deadLetter(items.get(0).source(), "the database refused it: " + StoreFailures.describe(failure));
        }
        int half = items.size() / 2;
        List<Item<T>> first = List.copyOf(items.subList(0, half));
        List<Item<T>> second = List.copyOf(items.subList(half, items.size()));
        return store(first).chain(() -> store(second));
    }

    private Uni<Void> deadLetter(SourceRecord record, String reason) {
        IngestStatus.Attempt attempt = new IngestStatus.Attempt();
        return Uni.createFrom()
                .deferred(() -> deadLetters.send(record, reason))
                .onFailure()
                .invoke(e -> {
                    status.failed(attempt);
                    LOG.warnf(
                            "Dead-lettering %s failed, retrying with back-off: %s", record, StoreFailures.describe(e));
                })
                .onFailure()
                .retry()
                .withBackOff(backoff.initial(), backoff.max())
                .indefinitely()
                .invoke(() -> status.over(attempt))
                .onCancellation()
                .invoke(() -> status.over(attempt));
    }
}
