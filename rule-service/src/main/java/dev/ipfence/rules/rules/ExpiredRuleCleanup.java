package dev.ipfence.rules.rules;

import dev.ipfence.rules.common.RulesConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes rules that expired more than {@code ipfence.rules.expired-retention} ago, publishing
 * each deletion. Until then they stay listed, marked expired; they stopped matching at expiry.
 */
@ApplicationScoped
public class ExpiredRuleCleanup {

    static final String ACTOR = "system:expiry";
    private static final Logger LOG = Logger.getLogger(ExpiredRuleCleanup.class);
    private static final int CHUNK = 1000;

    private final RuleService rules;
    private final RulesConfig config;
    private final Clock clock;

    public ExpiredRuleCleanup(RuleService rules, RulesConfig config, Clock clock) {
        this.rules = rules;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            every = "${ipfence.rules.expired-cleanup-interval:1m}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return removeExpiredBefore(clock.instant().minus(config.expiredRetention()))
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Deleted %d expired rules", count);
                    }
                })
                .replaceWithVoid();
    }

    /** Deletes every rule that expired before {@code cutoff}, a chunk per transaction; returns how many. */
    public Uni<Integer> removeExpiredBefore(Instant cutoff) {
        return rules.removeExpired(cutoff, CHUNK, ACTOR)
                .flatMap(count -> count < CHUNK
                        ? Uni.createFrom().item(count)
                        : removeExpiredBefore(cutoff).map(more -> count + more));
    }
}
