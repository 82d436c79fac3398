package dev.ipfence.audit.attempts;

import dev.ipfence.audit.common.AuditConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Deletes blocked attempts older than {@code ipfence.audit.retention}, in chunks so no lock is held long. */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    private static final int CHUNK = 10_000;

    private final AttemptRepository attempts;
    private final AuditConfig config;
    private final Counter deleted;

    public RetentionJob(AttemptRepository attempts, AuditConfig config, MeterRegistry registry) {
        this.attempts = attempts;
        this.config = config;
        this.deleted = Counter.builder("ipfence.audit.attempts.expired")
                .description("Blocked attempts deleted by the retention job")
                .register(registry);
    }

    @Scheduled(
            every = "${ipfence.audit.retention-interval:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        Instant cutoff = Clock.systemUTC().instant().minus(config.retention());
        return deleteFrom(cutoff, 0)
                .call(count -> attempts.deleteWindowsBefore(cutoff))
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Retention: deleted %d blocked attempts older than %s", count, cutoff);
                    }
                })
                .replaceWithVoid();
    }

    /** Deletes everything before {@code cutoff}; returns how many. */
    public Uni<Long> deleteFrom(Instant cutoff, long sofar) {
        return attempts.deleteOlderThan(cutoff, CHUNK).flatMap(count -> {
            deleted.increment(count);
            return count < CHUNK ? Uni.createFrom().item(sofar + count) : deleteFrom(cutoff, sofar + count);
        });
    }
}
