package dev.ipfence.audit.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Whether a topic's ingest is stuck retrying, for metrics: {@code ipfence_audit_ingest_failing_seconds{topic}}
 * is 0 while batches are stored, else how long the longest-failing batch has been failing;
 * {@code ipfence_audit_ingest_retries_total{topic}} counts the failed attempts. Several consumers
 * store batches at once, so each batch's trouble is kept apart: one consumer storing does not
 * hide another that keeps failing.
 */
public final class IngestStatus {

    /** One batch (or dead letter) being stored, from its first failure to its end. */
    public static final class Attempt {
        private volatile boolean over;
    }

    private final LongSupplier nanos;
    private final Map<Attempt, Long> failingSince = new ConcurrentHashMap<>();
    private final Counter retries;

    public IngestStatus(String topic, MeterRegistry registry, LongSupplier nanos) {
        this.nanos = nanos;
        this.retries = Counter.builder("ipfence.audit.ingest.retries")
                .description("Failed attempts to store a batch that were retried")
                .tag("topic", topic)
                .register(registry);
        Gauge.builder("ipfence.audit.ingest.failing.seconds", this, IngestStatus::failingSeconds)
                .description("How long the batch failing the longest has been failing; 0 while storing works")
                .tag("topic", topic)
                .register(registry);
    }

    public IngestStatus(String topic, MeterRegistry registry) {
        this(topic, registry, System::nanoTime);
    }

    void failed(Attempt attempt) {
        retries.increment();
        if (!attempt.over) {
            failingSince.putIfAbsent(attempt, nanos.getAsLong());
            if (attempt.over) { // ended meanwhile (a failure racing a cancellation): never left behind
                failingSince.remove(attempt);
            }
        }
    }

    /** The attempt is over: stored, handed on, or given up with the stream (cancelled). */
    void over(Attempt attempt) {
        attempt.over = true;
        failingSince.remove(attempt);
    }

    public double failingSeconds() {
        long now = nanos.getAsLong();
        long longest = 0;
        for (long since : failingSince.values()) {
            longest = Math.max(longest, Math.max(1, now - since));
        }
        return longest / 1e9;
    }
}
