package dev.ipfence.enforcement.state;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until the rules topic has been replayed up to the end offsets seen at start. */
@Readiness
@ApplicationScoped
public class ReplayReadiness implements HealthCheck {

    private final RulesTopicConsumer consumer;
    private final RuleStore store;

    public ReplayReadiness(RulesTopicConsumer consumer, RuleStore store) {
        this.consumer = consumer;
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("ipfence rules replay")
                .status(consumer.isReady())
                .withData("eventsApplied", consumer.eventsApplied())
                .withData("rules", store.ruleCount())
                .withData("lag", consumer.lag())
                .build();
    }
}
