package dev.ipfence.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.audit.ingest.DeadLetters;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.KafkaAdmin;
import dev.ipfence.testing.Metrics;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import dev.ipfence.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change-log pipeline against the real Kafka and PostgreSQL: dead letters and the rules topic's history. */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class ChangeIngestResourceTest {

    private static final String RULES = Topic.RULES.topicName();

    private final RuleEvents events = new RuleEvents();
    private final String token = TestTokens.token(events.org, TestTokens.READ);

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void aRuleEventThatCanNeverBeLoggedIsDeadLetteredAndTheChangesAfterItAreLogged() {
        String series = "ipfence_audit_dead_lettered_total{topic=\"" + RULES + "\"}";
        double before = Metrics.value(series);
        UUID env = events.environment();
        UUID broken = UUID.randomUUID();
        UUID nul = UUID.randomUUID();
        String truncated = "{\"entityType\": \"rule\", \"id\": \"" + broken + "\"";
        // valid for the contract, but PostgreSQL's jsonb cannot hold a NUL character
        String withNul = events.ruleJson("environment", env, "192.0.2.0/24", "deny", nul, 1)
                .replace("\"label\":null", "\"label\":\"a\\u0000b\"");
        assertThat(withNul).contains("a\\u0000b");
        events.raw(broken.toString(), truncated);
        events.raw(nul.toString(), withNul);
        events.rule("environment", env, "198.51.100.0/24", "deny", List.of());

        awaitChanges(2); // the environment and the last rule
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.readUntil(
                        Topic.RULES_AUDIT_DLQ.topicName(),
                        Duration.ofSeconds(30),
                        read -> read.stream()
                                        .filter(r -> r.key().equals(nul.toString()))
                                        .count()
                                == 1)
                .stream()
                .filter(r -> r.key().equals(broken.toString()) || r.key().equals(nul.toString()))
                .toList();
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly(broken.toString(), nul.toString());
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(truncated);
        assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).isEqualTo(withNul);
        assertThat(TopicReader.header(dead.get(0), DeadLetters.REASON)).startsWith("not a change event: ");
        assertThat(TopicReader.header(dead.get(1), DeadLetters.REASON))
                .startsWith("the database refused it: ")
                .endsWith("(SQLSTATE 22P05)");
        assertThat(TopicReader.header(dead.get(1), "ce_specversion")).isEqualTo("1.0");
        assertThat(TopicReader.header(dead.get(1), DeadLetters.SOURCE_TOPIC)).isEqualTo(RULES);
        assertThat(Metrics.value(series) - before).isEqualTo(2);
    }

    @Test
    void theRulesTopicKeepsEveryVersionForSevenDaysAndTheDeadLetterTopicsExist() {
        assertThat(KafkaAdmin.topicConfigs(RULES))
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("min.compaction.lag.ms", "604800000");
        for (Topic dlq : List.of(Topic.BLOCKED_ATTEMPTS_DLQ, Topic.RULES_AUDIT_DLQ)) {
            assertThat(KafkaAdmin.topicConfigs(dlq.topicName()))
                    .containsEntry("cleanup.policy", "delete")
                    .containsEntry("retention.ms", "2592000000");
            assertThat(KafkaAdmin.partitions(dlq.topicName())).isEqualTo(1);
        }
    }

    private Response awaitChanges(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = given().auth().oauth2(token).get("/api/audit/changes");
            if (last.statusCode() == 200 && last.path("changes.size()").equals(count)) {
                last.then().body("changes[0].after.cidr", equalTo("198.51.100.0/24"));
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("changes never " + count + "; last: " + (last == null ? null : last.asString()));
    }
}
