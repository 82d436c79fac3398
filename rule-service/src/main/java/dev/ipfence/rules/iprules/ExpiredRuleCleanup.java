package dev.ipfence.rules.iprules;

import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.RulesConfig;
import dev.ipfence.rules.outbox.ChangeEvents;
import dev.ipfence.rules.outbox.Outbox;
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

    private final RuleRepository rules;
    private final Outbox outbox;
    private final RulesConfig config;
    private final Clock clock;

    public ExpiredRuleCleanup(RuleRepository rules, Outbox outbox, RulesConfig config, Clock clock) {
        this.rules = rules;
        this.outbox = outbox;
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
        return removeExpired(cutoff, CHUNK)
                .flatMap(count -> count < CHUNK
                        ? Uni.createFrom().item(count)
                        : removeExpiredBefore(cutoff).map(more -> count + more));
    }

    /**
     * Removes up to {@code limit} rules whose expiry is older than {@code cutoff}, publishing each
     * deletion; returns how many. Expired rules stopped matching at their expiry already.
     */
    private Uni<Integer> removeExpired(Instant cutoff, int limit) {
        Instant now = Clocks.now(clock);
        return outbox.inTransaction(tx -> rules.deleteExpired(tx, cutoff, limit)
                .flatMap(deleted -> outbox.record(
                                tx,
                                deleted.stream()
                                        .map(rule -> ChangeEvents.RULE.deleted(rule, ACTOR, now))
                                        .toList())
                        .replaceWith(deleted.size())));
    }
}
