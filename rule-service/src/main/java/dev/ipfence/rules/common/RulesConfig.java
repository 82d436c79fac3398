package dev.ipfence.rules.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every {@code ipfence.rules.*} key, with its default; documented in the service README. */
@ConfigMapping(prefix = "ipfence.rules")
public interface RulesConfig {

    /** Most rules one scope (the organization, a project, an environment) may hold. */
    @WithDefault("50000")
    int maxRulesPerScope();

    /** Most entries one bulk import may carry. */
    @WithDefault("10000")
    int bulkMaxEntries();

    /**
     * Longest accepted {@code ttl}, in seconds (default ten years); an {@code expiresAt} may lie at
     * most this far ahead too, and never after {@code RuleConstraints.LATEST_EXPIRY}.
     */
    @WithDefault("315360000")
    long maxTtlSeconds();

    /** Limits per organization, all its scopes together; a create past one answers 409 quota-exceeded. */
    Quota quota();

    interface Quota {
        /** Most projects one organization may hold. */
        @WithDefault("1000")
        int projects();

        /** Most environments one organization may hold, over all its projects. */
        @WithDefault("10000")
        int environments();

        /** Most IP rules one organization may hold at all its scopes together, through every view. */
        @WithDefault("200000")
        int rules();

        /** Most admission rules one organization may hold. */
        @WithDefault("10000")
        int admissionRules();

        /** Most policy groups one organization may hold. */
        @WithDefault("10000")
        int groups();

        /** Most policies one organization may hold. */
        @WithDefault("10000")
        int policies();

        /** Most API keys one organization may hold, revoked ones included. */
        @WithDefault("1000")
        int apiKeys();
    }

    /** How long an expired rule stays listed (marked expired) before the cleanup job deletes it. */
    @WithDefault("1h")
    Duration expiredRetention();

    Outbox outbox();

    interface Outbox {
        /** How often the relay looks for unpublished events besides being woken by each commit. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Events read and published per relay round. */
        @WithDefault("500")
        int batchSize();

        /** How long one publish may wait for Kafka before the round fails and is retried. */
        @WithDefault("10s")
        Duration sendTimeout();

        /** Longest wait between attempts while Kafka is unreachable. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** How soon a relay round that found another replica's round running tries again. */
        @WithDefault("20ms")
        Duration lockRetry();
    }
}
