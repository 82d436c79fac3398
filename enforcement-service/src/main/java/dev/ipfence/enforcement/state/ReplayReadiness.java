package dev.ipfence.enforcement.state;

import dev.ipfence.enforcement.common.EnforcementConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until the rules topic has been replayed up to the end offsets seen at start. Kafka being
 * away does not make it DOWN (decisions go on from the snapshot), unless {@code
 * ipfence.enforcement.max-staleness} is set and the snapshot is older than that.
 */
@Readiness
@ApplicationScoped
public class ReplayReadiness implements HealthCheck {

    private final RulesTopicConsumer consumer;
    private final RuleStore store;
    private final Optional<Duration> maxStaleness;

    public ReplayReadiness(RulesTopicConsumer consumer, RuleStore store, EnforcementConfig config) {
        this.consumer = consumer;
        this.store = store;
        this.maxStaleness = config.maxStaleness();
    }

    @Override
    public HealthCheckResponse call() {
        Snapshot snapshot = store.snapshot();
        double age = consumer.snapshotAgeSeconds();
        boolean fresh =
                maxStaleness.isEmpty() || age * 1000 <= maxStaleness.get().toMillis();
        var response = HealthCheckResponse.named("ipfence rules replay")
                .status(consumer.isReady() && fresh)
                .withData("eventsApplied", consumer.eventsApplied())
                .withData("rules", snapshot.ruleCount())
                .withData("lag", consumer.lag())
                .withData("snapshotAgeSeconds", (long) age)
                .withData("quarantinedRecords", snapshot.quarantined().size());
        if (!fresh) {
            response.withData(
                    "reason",
                    "the rules were last confirmed current " + (long) age + " s ago, more than max-staleness "
                            + maxStaleness.get().toSeconds() + " s");
        }
        return response.build();
    }

    /** Whether a snapshot last confirmed current {@code ageSeconds} ago is fresh enough to be ready. */
    static boolean fresh(double ageSeconds, Optional<Duration> maxStaleness) {
        return maxStaleness.isEmpty() || ageSeconds * 1000 <= maxStaleness.get().toMillis();
    }
}
