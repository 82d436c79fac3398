package dev.ipfence.audit.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether a topic's ingest is stuck retrying, for metrics: {@code ipfence_audit_ingest_failing_seconds{topic}}
 * is 0 while batches are stored, else how long the batch at hand has been failing;
 * {@code ipfence_audit_ingest_retries_total{topic}} counts the failed attempts.
 */
public final class IngestStatus {

    private static final long OK = Long.MIN_VALUE;

    private final LongSupplier nanos;
    private final AtomicLong failingSince = new AtomicLong(OK);
    private final Counter retries;

    public IngestStatus(String topic, MeterRegistry registry, LongSupplier nanos) {
        this.nanos = nanos;
        this.retries = Counter.builder("ipfence.audit.ingest.retries")
                .description("Failed attempts to store a batch that were retried")
                .tag("topic", topic)
                .register(registry);
        Gauge.builder("ipfence.audit.ingest.failing.seconds", this, IngestStatus::failingSeconds)
                .description("How long the batch being stored has been failing; 0 while storing works")
                .tag("topic", topic)
                .register(registry);
    }

    public IngestStatus(String topic, MeterRegistry registry) {
        this(topic, registry, System::nanoTime);
    }

    void failed() {
        failingSince.compareAndSet(OK, nanos.getAsLong());
        retries.increment();
    }

    void succeeded() {
        failingSince.set(OK);
    }

    public double failingSeconds() {
        long since = failingSince.get();
        return since == OK ? 0 : Math.max(1, nanos.getAsLong() - since) / 1e9;
    }
}
