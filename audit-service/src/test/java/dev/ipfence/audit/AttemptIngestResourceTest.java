package dev.ipfence.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.audit.ingest.DeadLetters;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.EventJson;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.KafkaAdmin;
import dev.ipfence.testing.Metrics;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import dev.ipfence.testing.TopicReader;
import dev.ipfence.testing.TopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The blocked-attempt pipeline against the real Kafka and PostgreSQL: offsets, dead letters,
 * floods, database failures. The test profile bounds floods at 20 rows as received and 5 folded
 * rows per environment and minute (application.properties).
 */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class AttemptIngestResourceTest {

    private static final String ATTEMPTS = Topic.BLOCKED_ATTEMPTS.topicName();
    private static final String DEAD_LETTERED = "ipfence_audit_dead_lettered_total{topic=\"" + ATTEMPTS + "\"}";

    private final RuleEvents events = new RuleEvents();
    private final TopicWriter writer = new TopicWriter();
    private final String token = TestTokens.token(events.org, TestTokens.READ);

    @Inject
    Pool pool;

    @AfterEach
    void close() {
        events.close();
        writer.close();
    }

    @Test
    void offsetsAreCommittedOnceBatchesAreStoredSoARestartResumesFromThem() {
        UUID env = events.environment();
        for (int i = 0; i < 30; i++) {
            events.blockedAttempt(env, "198.51.100." + i, Instant.now(), "NOT_ALLOWLISTED", null, 1);
        }
        awaitTotal(env, 30);
        KafkaAdmin.awaitCommittedAtEnd("ipfence-audit-attempts", ATTEMPTS, Duration.ofSeconds(30));
        KafkaAdmin.awaitCommittedAtEnd("ipfence-audit-changes", Topic.RULES.topicName(), Duration.ofSeconds(30));
    }

    @Test
    void eventsThatCanNeverBeStoredGoToTheDeadLetterTopicAsTheyWereAndTheStreamGoesOn() {
        UUID env = events.environment();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        double before = Metrics.value(DEAD_LETTERED);
        events.blockedAttempt(env, "198.51.100.1", now, "NOT_ALLOWLISTED", null, 2);
        String badOrg = json(env, now).replace("\"orgId\":\"" + events.org + "\"", "\"orgId\":\"acme\"");
        String noReason = json(env, now).replace(",\"reason\":\"NOT_ALLOWLISTED\"", "");
        String notJson = "{\"id\": \"5b0f";
        String newer = json(env, now).replace("{", "{\"asn\":64500,\"geo\":{\"country\":\"NL\"},");
        assertThat(badOrg).contains("\"orgId\":\"acme\"");
        assertThat(noReason).doesNotContain("reason");
        for (String value : List.of(badOrg, noReason, notJson)) {
            writer.send(ATTEMPTS, env.toString(), bytes(value), "ce_type", BlockedAttemptEvent.CLOUD_EVENT_TYPE);
        }
        writer.send(ATTEMPTS, env.toString(), null, "ce_type", BlockedAttemptEvent.CLOUD_EVENT_TYPE);
        writer.send(ATTEMPTS, env.toString(), bytes(newer), "ce_type", BlockedAttemptEvent.CLOUD_EVENT_TYPE);
        events.blockedAttempt(env, "198.51.100.2", now, "NOT_ALLOWLISTED", null, 3);

        // everything after the bad events is stored, the newer producer's event too
        awaitTotal(env, 2 + 37 + 3);
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.readUntil(
                        Topic.BLOCKED_ATTEMPTS_DLQ.topicName(),
                        Duration.ofSeconds(30),
                        read -> read.stream()
                                        .filter(r -> env.toString().equals(r.key()))
                                        .count()
                                >= 4)
                .stream()
                .filter(r -> env.toString().equals(r.key()))
                .toList();
        assertThat(dead)
                .extracting(r -> r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly(badOrg, noReason, notJson, null);
        assertThat(dead)
                .extracting(r -> TopicReader.header(r, DeadLetters.REASON))
                .satisfiesExactly(
                        reason -> assertThat(reason)
                                .startsWith("not a blocked-attempt event: orgId: Cannot deserialize value of type"),
                        reason -> assertThat(reason).isEqualTo("reason is missing"),
                        reason -> assertThat(reason)
                                .isEqualTo("not a blocked-attempt event: id: Unexpected end-of-input in VALUE_STRING"),
                        reason -> assertThat(reason)
                                .isEqualTo("no value: a blocked-attempt record always carries an event"));
        for (ConsumerRecord<String, byte[]> record : dead) {
            assertThat(TopicReader.header(record, "ce_type")).isEqualTo(BlockedAttemptEvent.CLOUD_EVENT_TYPE);
            assertThat(TopicReader.header(record, DeadLetters.SOURCE_TOPIC)).isEqualTo(ATTEMPTS);
            assertThat(Integer.parseInt(TopicReader.header(record, DeadLetters.SOURCE_PARTITION)))
                    .isBetween(0, Topic.BLOCKED_ATTEMPTS.partitions() - 1);
            assertThat(Long.parseLong(TopicReader.header(record, DeadLetters.SOURCE_OFFSET)))
                    .isNotNegative();
            assertThat(Instant.parse(TopicReader.header(record, DeadLetters.DEAD_LETTERED_AT)))
                    .isAfter(now.minusSeconds(1));
        }
        assertThat(dead.stream()
                        .map(r -> TopicReader.header(r, DeadLetters.SOURCE_OFFSET))
                        .collect(Collectors.toSet()))
                .hasSize(4);
        assertThat(Metrics.value(DEAD_LETTERED) - before).isEqualTo(4);
    }

    @Test
    void aFloodOfRotatingIpv6SourcesIsStoredAsABoundedSummaryThatCountsWhatItFolded() {
        UUID env = events.environment();
        // one minute window, well in the past so that every event falls in it
        Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
        int at = 0;
        for (int i = 0; i < 20; i++) {
            events.blockedAttempt(env, "198.51.100." + i, window.plusMillis(++at), "NOT_ALLOWLISTED", null, 1);
        }
        // 60 more from 12 IPv6 /64s, 5 addresses each, taking turns: 5 /64s get a row, 7 share one
        for (int round = 0; round < 5; round++) {
            for (int net = 1; net <= 12; net++) {
                String ip = "2001:db8:0:" + Integer.toHexString(net) + "::" + Integer.toHexString(round + 1);
                events.blockedAttempt(env, ip, window.plusMillis(++at), "NOT_ALLOWLISTED", null, 2);
            }
        }
        awaitTotal(env, 20 + 60 * 2);

        JsonPath page = given().auth()
                .oauth2(token)
                .queryParam("limit", 1000)
                .get("/api/environments/" + env + "/blocked-attempts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> rows = page.getList("attempts");
        assertThat(rows).hasSize(20 + 5 + 1);
        Map<String, Map<String, Object>> folded = rows.stream()
                .filter(row -> ((Number) row.get("folded")).intValue() > 0)
                .collect(Collectors.toMap(row -> (String) row.get("ip"), row -> row));
        assertThat(folded)
                .containsOnlyKeys(
                        "2001:db8:0:1::/64",
                        "2001:db8:0:2::/64",
                        "2001:db8:0:3::/64",
                        "2001:db8:0:4::/64",
                        "2001:db8:0:5::/64",
                        "*");
        for (int net = 1; net <= 5; net++) {
            Map<String, Object> row = folded.get("2001:db8:0:" + net + "::/64");
            assertThat(row.get("folded")).isEqualTo(5);
            assertThat(row.get("count")).isEqualTo(10);
            assertThat(row.get("reason")).isEqualTo("NOT_ALLOWLISTED");
            assertThat(row.get("timestamp"))
                    .isEqualTo(window.plusMillis(20 + net).toString());
            assertThat(row.get("lastTimestamp"))
                    .isEqualTo(window.plusMillis(20 + 4 * 12 + net).toString());
        }
        assertThat(folded.get("*").get("folded")).isEqualTo(35);
        assertThat(folded.get("*").get("count")).isEqualTo(70);
        assertThat(folded.get("*").get("reason")).isEqualTo("NOT_ALLOWLISTED");
        assertThat(rows.stream().filter(row -> ((Number) row.get("folded")).intValue() == 0))
                .hasSize(20)
                .allSatisfy(row -> assertThat((String) row.get("ip")).startsWith("198.51.100."));
        given().auth()
                .oauth2(token)
                .queryParam("by", "ip")
                .queryParam("since", window.toString())
                .get("/api/environments/" + env + "/blocked-attempts/top")
                .then()
                .statusCode(200)
                .body("top[0].key", org.hamcrest.Matchers.equalTo("*"))
                .body("top[0].attempts", org.hamcrest.Matchers.equalTo(70))
                .body("top[1].key", org.hamcrest.Matchers.equalTo("2001:db8:0:1::/64"));
    }

    @Test
    void aDatabaseFailureIsRetriedWithBackOffShownInMetricsAndNothingIsLost() {
        UUID env = events.environment();
        String failing = "ipfence_audit_ingest_failing_seconds{topic=\"" + ATTEMPTS + "\"}";
        String retries = "ipfence_audit_ingest_retries_total{topic=\"" + ATTEMPTS + "\"}";
        double retriesBefore = Metrics.value(retries);
        pool.query("alter table blocked_attempt rename to blocked_attempt_away")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(30));
        try {
            events.blockedAttempt(env, "198.51.100.7", Instant.now(), "NOT_ALLOWLISTED", null, 4);
            await(() -> Metrics.value(failing) > 0 && Metrics.value(retries) >= retriesBefore + 2, "retrying");
        } finally {
            pool.query("alter table blocked_attempt_away rename to blocked_attempt")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(30));
        }
        awaitTotal(env, 4);
        await(() -> Metrics.value(failing) == 0, "failing_seconds back to 0");
    }

    @Test
    void aBatchWaitingOnOneEnvironmentHoldsUpOnlyTheConsumerOfItsPartitions() {
        int partitions = Topic.BLOCKED_ATTEMPTS.partitions();
        UUID[] byPartition = new UUID[partitions];
        for (int found = 0; found < partitions; ) {
            UUID env = events.environment();
            int partition = partitionOf(env, partitions);
            if (byPartition[partition] == null) {
                byPartition[partition] = env;
                found++;
            }
        }
        UUID stuck = byPartition[0];
        Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
        pool.preparedQuery("insert into attempt_window (environment_id, window_start, detailed_rows, folded_rows)"
                        + " values ($1, $2, 0, 0)")
                .execute(Tuple.of(stuck, window.atOffset(ZoneOffset.UTC)))
                .await()
                .atMost(Duration.ofSeconds(30));
        SqlConnection holder = pool.getConnection().await().atMost(Duration.ofSeconds(30));
        try {
            Transaction lock = holder.begin().await().atMost(Duration.ofSeconds(30));
            try {
                holder.preparedQuery("select 1 from attempt_window where environment_id = $1 for update")
                        .execute(Tuple.of(stuck))
                        .await()
                        .atMost(Duration.ofSeconds(30));
                events.blockedAttempt(stuck, "198.51.100.1", window.plusSeconds(1), "NOT_ALLOWLISTED", null, 1);
                await(() -> waitingOnALock() > 0, "a batch waiting on the locked window");

                for (int p = 1; p < partitions; p++) {
                    events.blockedAttempt(
                            byPartition[p], "198.51.100.2", window.plusSeconds(2), "NOT_ALLOWLISTED", null, 1);
                }
                // three consumers share the six partitions: the one holding partition 0 waits, the
                // other two store the events of their four partitions meanwhile
                await(
                        () -> Arrays.stream(byPartition, 1, partitions)
                                        .filter(env -> stored(env) == 1)
                                        .count()
                                >= partitions - 2,
                        "the other consumers' environments stored");
                assertThat(stored(stuck)).isZero();
                assertThat(waitingOnALock()).isPositive();
            } finally {
                lock.rollback().await().atMost(Duration.ofSeconds(30));
            }
        } finally {
            holder.close().await().atMost(Duration.ofSeconds(30));
        }
        await(
                () -> Arrays.stream(byPartition).allMatch(env -> stored(env) == 1),
                "every environment's event stored once the lock is gone");
    }

    private String json(UUID env, Instant at) {
        BlockedAttemptEvent event = new BlockedAttemptEvent(
                UUID.randomUUID(),
                "203.0.113.9",
                "GET",
                "/",
                "shop.example",
                at,
                at,
                env,
                events.org,
                "http",
                null,
                "NOT_ALLOWLISTED",
                37);
        try {
            return EventJson.MAPPER.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private long stored(UUID env) {
        return pool.preparedQuery("select count(*) from blocked_attempt where environment_id = $1")
                .execute(Tuple.of(env))
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next()
                .getLong(0);
    }

    private long waitingOnALock() {
        return pool.query("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and query like '%attempt_window%'")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next()
                .getLong(0);
    }

    /** The partition the producer's default partitioner gives a key. */
    private static int partitionOf(UUID env, int partitions) {
        byte[] key = env.toString().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void awaitTotal(UUID env, int total) {
        await(
                () -> {
                    var response = given().auth().oauth2(token).get("/api/environments/" + env + "/blocked-attempts");
                    return response.statusCode() == 200 && ((Number) response.path("total")).intValue() == total;
                },
                "total " + total);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("never " + what + " within 30 s");
    }
}
