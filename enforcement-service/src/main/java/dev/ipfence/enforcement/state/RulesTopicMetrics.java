package dev.ipfence.enforcement.state;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The meters of the rules in memory and of how current they are with {@code ipfence.rules.v1}. */
final class RulesTopicMetrics {

    private RulesTopicMetrics() {}

    /** Registers the gauges; returns the timer of a snapshot's rebuild. */
    static Timer register(MeterRegistry registry, RulesTopicConsumer consumer, RuleStore store) {
        Gauge.builder("ipfence.rules.consumer.lag", consumer, RulesTopicConsumer::lag)
                .description("Rule events on the topic not applied yet (-1 before the first check)")
                .register(registry);
        Gauge.builder("ipfence.matcher.snapshot.age.seconds", consumer, RulesTopicConsumer::snapshotAgeSeconds)
                .description("Seconds since the rules in memory were last confirmed current with the topic")
                .register(registry);
        Gauge.builder("ipfence.rules.records.other.shard", store, RuleStore::otherShardRecords)
                .description("Rule-topic records left out because their organization is served by another shard")
                .register(registry);
        Gauge.builder("ipfence.matcher.rules", store, s -> s.snapshot().ruleCount())
                .description("Rules held in memory")
                .register(registry);
        Gauge.builder(
                        "ipfence.rules.quarantined",
                        store,
                        s -> s.snapshot().quarantined().size())
                .description("Rule-topic records that could not be applied; their chains answer RULES_UNAVAILABLE")
                .register(registry);
        Gauge.builder(
                        "ipfence.matcher.scopes.unavailable",
                        store,
                        s -> s.snapshot().unavailable().size())
                .description("Organizations, projects, environments and scopes whose chains fail closed")
                .register(registry);
        Gauge.builder(
                        "ipfence.policies.organizations.unavailable",
                        store,
                        s -> s.snapshot().policiesUnavailable().size())
                .description("Organizations whose requests with an identity fail closed (a policy, group or"
                        + " admission rule record quarantined or not compiled)")
                .register(registry);
        Gauge.builder(
                        "ipfence.policies.organizations",
                        store,
                        s -> s.snapshot().policies().size())
                .description("Organizations with policies, policy groups or admission rules in memory")
                .register(registry);
        return Timer.builder("ipfence.matcher.rebuild")
                .description("Time to recompile the scopes changed by one batch of rule events")
                .register(registry);
    }
}
