package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.DevServersProcess;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class RuleEventsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String LABEL_V2 = "v2 \u2014 caf\u00e9 \u6771\u4eac \ud83d\udeab";

    private final Api api = new Api();

    @Test
    void everyChangeIsPublishedAsACloudEventKeyedByEntityIdWithItsVersion() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        UUID rule = api.rule("environments/" + env, Map.of("cidr", "192.0.2.0/24", "label", "v1"));
        String base = "/api/environments/" + env + "/ip-access-rules/" + rule;
        // outside ASCII, and beyond the Basic Multilingual Plane: the payload must reach Kafka as written
        api.admin().body(Map.of("label", LABEL_V2)).put(base).then().statusCode(200);
        api.admin().delete(base).then().statusCode(204);

        List<ConsumerRecord<String, byte[]>> records = readFor(Set.of(project, env, rule), 6);
        List<ConsumerRecord<String, byte[]>> ofRule = ofKey(records, rule);
        assertThat(ofRule).hasSize(4);
        assertThat(ofRule.stream().map(r -> TopicReader.header(r, "ce_type")).toList())
                .containsExactly(
                        "dev.ipfence.rule.created", "dev.ipfence.rule.updated", "dev.ipfence.rule.deleted", null);
        assertThat(ofRule.get(3).value())
                .as("tombstone after the deleted event")
                .isNull();

        JsonNode created = data(ofRule.get(0));
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(created.get("actor").asText()).isEqualTo("tester");
        assertThat(created.get("orgId").asText()).isEqualTo(api.org.toString());
        assertThat(created.get("entity").get("cidr").asText()).isEqualTo("192.0.2.0/24");
        assertThat(created.get("entity").get("scopeId").asText()).isEqualTo(env.toString());
        assertThat(created.get("previous").isNull()).isTrue();
        JsonNode updated = data(ofRule.get(1));
        assertThat(updated.get("version").asLong()).isEqualTo(2);
        assertThat(updated.get("entity").get("label").asText()).isEqualTo(LABEL_V2);
        assertThat(new String(ofRule.get(1).value(), StandardCharsets.UTF_8))
                .as("the label's characters as UTF-8 in the record, none escaped")
                .contains(LABEL_V2);
        assertThat(updated.get("previous").get("label").asText()).isEqualTo("v1");
        JsonNode deleted = data(ofRule.get(2));
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.get("version").asLong()).isEqualTo(3);

        ConsumerRecord<String, byte[]> first = ofRule.get(0);
        assertThat(TopicReader.header(first, "ce_specversion")).isEqualTo("1.0");
        assertThat(TopicReader.header(first, "ce_source")).isEqualTo("/ipfence/rule-service");
        assertThat(TopicReader.header(first, "ce_subject")).isEqualTo(rule.toString());
        assertThat(TopicReader.header(first, "ce_id")).isNotBlank();
        assertThat(TopicReader.header(first, "ce_time")).isNotBlank();
        assertThat(TopicReader.header(first, "content-type")).isEqualTo("application/json");

        assertThat(data(ofKey(records, project).get(0))
                        .get("entity")
                        .get("name")
                        .asText())
                .isEqualTo("p");
        assertThat(data(ofKey(records, env).get(0))
                        .get("entity")
                        .get("projectId")
                        .asText())
                .isEqualTo(project.toString());
    }

    @Test
    void writesSucceedWhileKafkaIsDownAndTheirEventsFollowInOrderWhenItIsBack() {
        UUID env = api.environment(api.project("p"), "outage");
        DevServersProcess servers = DevServersProcess.shared();
        List<UUID> rules = new ArrayList<>();
        servers.stopKafka();
        try {
            assertReadyAndUp();
            for (int i = 1; i <= 5; i++) {
                rules.add(api.rule("environments/" + env, Map.of("cidr", "198.51.100." + i)));
            }
            String base = "/api/environments/" + env + "/ip-access-rules/";
            api.admin()
                    .body(Map.of("label", "changed while Kafka was down"))
                    .put(base + rules.get(0))
                    .then()
                    .statusCode(200);
            api.admin().delete(base + rules.get(1)).then().statusCode(204);
            awaitPendingEvents(7);
            // seconds into the outage: still ready, still taking writes (they wait in the outbox)
            assertReadyAndUp();
            api.admin()
                    .body(Map.of("cidr", "198.51.100.6"))
                    .post("/api/environments/" + env + "/ip-access-rules")
                    .then()
                    .statusCode(201);
        } finally {
            servers.startKafka();
        }

        // at least once: a batch Kafka stored (in part) just as the outage ended may come again, so the
        // events are compared once each (by ce_id, at their last copy), and the record compaction
        // keeps must be the last version
        List<ConsumerRecord<String, byte[]>> records = readFor(Set.copyOf(rules), 5 + 1 + 2);
        List<ConsumerRecord<String, byte[]>> first = ofKey(records, rules.get(0));
        assertThat(once(first).stream()
                        .map(r -> data(r).get("version").asLong())
                        .toList())
                .containsExactly(1L, 2L);
        assertThat(data(first.get(first.size() - 1)).get("version").asLong()).isEqualTo(2L);
        List<ConsumerRecord<String, byte[]>> deleted = ofKey(records, rules.get(1));
        assertThat(once(deleted).stream()
                        .map(r -> TopicReader.header(r, "ce_type"))
                        .toList())
                .containsExactly("dev.ipfence.rule.created", "dev.ipfence.rule.deleted", null);
        assertThat(deleted.get(deleted.size() - 1).value())
                .as("the last record is the tombstone")
                .isNull();
        for (UUID rule : rules.subList(2, 5)) {
            assertThat(once(ofKey(records, rule))).hasSize(1);
        }
    }

    /** Kafka is not part of readiness: every write goes to the outbox in PostgreSQL. */
    private static void assertReadyAndUp() {
        io.restassured.RestAssured.get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"));
    }

    /** The relay reports the events it could not publish while Kafka is down. */
    private static void awaitPendingEvents(int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double pending = 0;
        while (System.nanoTime() < deadline) {
            String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
            pending = metrics.lines()
                    .filter(line -> line.startsWith("ipfence_outbox_pending"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst()
                    .orElse(0);
            if (pending >= atLeast) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError(
                "expected at least " + atLeast + " events waiting in the outbox, metrics say " + pending);
    }

    private static List<ConsumerRecord<String, byte[]>> readFor(Collection<UUID> ids, int expected) {
        Set<String> keys = ids.stream().map(UUID::toString).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(
                Topic.RULES.topicName(),
                Duration.ofSeconds(60),
                read -> once(read.stream().filter(r -> keys.contains(r.key())).toList())
                                .size()
                        >= expected);
        return records.stream().filter(r -> keys.contains(r.key())).toList();
    }

    /** Each event once, in the order first read: a repeat has the same ce_id (a tombstone: the same key). */
    /**
     * Each event once, at its last occurrence: a batch sent again after an outage repeats its
     * events in order after anything it had already stored (docs/events.md), so the last copies are
     * in version order even when a first copy of an older version landed after a newer one.
     */
    private static List<ConsumerRecord<String, byte[]>> once(List<ConsumerRecord<String, byte[]>> records) {
        Set<String> seen = new java.util.HashSet<>();
        List<ConsumerRecord<String, byte[]>> lastFirst = new ArrayList<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            ConsumerRecord<String, byte[]> r = records.get(i);
            if (seen.add(r.value() == null ? "tombstone:" + r.key() : TopicReader.header(r, "ce_id"))) {
                lastFirst.add(r);
            }
        }
        java.util.Collections.reverse(lastFirst);
        return lastFirst;
    }

    private static List<ConsumerRecord<String, byte[]>> ofKey(List<ConsumerRecord<String, byte[]>> records, UUID id) {
        return records.stream().filter(r -> r.key().equals(id.toString())).toList();
    }

    private static JsonNode data(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
