package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.events.Topic;
import dev.ipfence.rules.outbox.OutboxRelay;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With several replicas, a commit can wake its relay while another replica's round holds the relay
 * lock and has already read the outbox. The woken relay tries again until it gets the lock; here
 * the timer is an hour and scheduled jobs are off, so only that retry can publish the event.
 */
@QuarkusTest
@TestProfile(OutboxRelayLockTest.HourlyTimer.class)
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class OutboxRelayLockTest {

    public static class HourlyTimer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // no timer and no scheduled job (the expired-rule cleanup commits too) wakes the relay
            return Map.of("ipfence.rules.outbox.poll-interval", "1h", "quarkus.scheduler.enabled", "false");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    private final Api api = new Api();

    @Test
    void aCommitWhileAnotherRoundHoldsTheRelayLockIsPublishedOnceItEnds() throws Exception {
        UUID project = api.project("p");
        UUID env;
        SqlConnection otherReplica = pool.getConnection().await().atMost(WAIT);
        try {
            otherReplica
                    .query("select pg_advisory_lock(" + OutboxRelay.RELAY_LOCK + ")")
                    .execute()
                    .await()
                    .atMost(WAIT);
            env = api.environment(project, "e");
            // the relay woken by that commit found the lock taken, at least once
            Thread.sleep(200);
            otherReplica
                    .query("select pg_advisory_unlock(" + OutboxRelay.RELAY_LOCK + ")")
                    .execute()
                    .await()
                    .atMost(WAIT);
        } finally {
            otherReplica.close().await().atMost(WAIT);
        }
        String key = env.toString();
        assertThat(TopicReader.readUntil(
                                Topic.RULES.topicName(),
                                WAIT,
                                read -> read.stream().anyMatch(r -> key.equals(r.key())))
                        .stream()
                        .filter(r -> key.equals(r.key()))
                        .count())
                .as("events of the environment created while the lock was held")
                .isPositive();
    }
}
