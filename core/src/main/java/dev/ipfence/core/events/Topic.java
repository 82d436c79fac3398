package dev.ipfence.core.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of the event contract, with the partition count and configuration they are
 * created with. Deployments (Strimzi {@code KafkaTopic}s) and the local servers use these values.
 */
public enum Topic {
    /**
     * Every rule, project and environment, key = entity id, compacted: replay rebuilds the state.
     * Records younger than {@link #RULES_HISTORY} are never compacted, so a consumer that is at most
     * that far behind (audit's change log) reads every version of every entity.
     */
    RULES(
            "ipfence.rules.v1",
            3,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", Long.toString(RulesHistory.MILLIS))),

    /** One event per denied request (merged under floods), key = environment id, kept 7 days. */
    BLOCKED_ATTEMPTS(
            "ipfence.blocked-attempts.v1",
            6,
            Map.of(
                    "cleanup.policy",
                    "delete",
                    "retention.ms",
                    Long.toString(Duration.ofDays(7).toMillis()))),

    /**
     * Blocked-attempt records audit-service can never store, as they were (value, key, headers) plus
     * {@code ipfence-dlq-*} headers saying why; kept 30 days for someone to look at or replay.
     */
    BLOCKED_ATTEMPTS_DLQ("ipfence.blocked-attempts.v1.dlq", 1, DeadLetter.CONFIGS),

    /** Rule-topic records audit-service can never log, like {@link #BLOCKED_ATTEMPTS_DLQ}. */
    RULES_AUDIT_DLQ("ipfence.rules.v1.audit-dlq", 1, DeadLetter.CONFIGS);

    /** How long every record of {@link #RULES} stays before compaction may drop it: 7 days. */
    public static final Duration RULES_HISTORY = Duration.ofMillis(RulesHistory.MILLIS);

    private final String topicName;
    private final int partitions;
    private final Map<String, String> configs;

    Topic(String topicName, int partitions, Map<String, String> configs) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.configs = configs;
    }

    public String topicName() {
        return topicName;
    }

    public int partitions() {
        return partitions;
    }

    public Map<String, String> configs() {
        return configs;
    }

    public static List<Topic> all() {
        return List.of(values());
    }

    // constants an enum constant's arguments may use (an enum's own static fields are not yet set then)
    private static final class RulesHistory {
        static final long MILLIS = Duration.ofDays(7).toMillis();
    }

    private static final class DeadLetter {
        static final Map<String, String> CONFIGS = Map.of(
                "cleanup.policy",
                "delete",
                "retention.ms",
                Long.toString(Duration.ofDays(30).toMillis()));
    }
}
