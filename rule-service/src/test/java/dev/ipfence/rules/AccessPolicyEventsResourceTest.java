package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Admission rules, groups and policies publish every change on ipfence.rules.v1, like IP rules. */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class AccessPolicyEventsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api = new Api();

    @Test
    void admissionRuleChangesArePublishedKeyedByIdWithTheirVersionsThenATombstone() {
        UUID id = api.tenant(
                "admission-rules",
                Map.of(
                        "name",
                        "Office hours",
                        "rule",
                        "user.department == 'Engineering'",
                        "hasTimeConstraint",
                        true,
                        "timeWindow",
                        Map.of(
                                "daysOfWeek", List.of("MONDAY"),
                                "startTime", "09:00",
                                "endTime", "17:30",
                                "timeZone", "Europe/Berlin")));
        String path = "/api/tenants/admission-rules/" + id;
        api.admin()
                .body(Map.of("name", "Any time", "rule", "true", "hasTimeConstraint", false))
                .put(path)
                .then()
                .statusCode(200);
        api.admin().delete(path).then().statusCode(204);

        List<ConsumerRecord<String, byte[]>> records = lifecycleOf(id, "admissionRule");
        JsonNode created = data(records.get(0));
        assertThat(created.get("entity").get("type").asText()).isEqualTo("ALLOW");
        assertThat(created.get("entity").get("timeWindow").get("timeZone").asText())
                .isEqualTo("Europe/Berlin");
        assertThat(created.get("entity").get("rule").asText()).isEqualTo("user.department == 'Engineering'");
        JsonNode updated = data(records.get(1));
        assertThat(updated.get("entity").get("name").asText()).isEqualTo("Any time");
        assertThat(updated.get("entity").get("timeWindow").isNull()).isTrue();
        assertThat(updated.get("previous").get("name").asText()).isEqualTo("Office hours");
    }

    @Test
    void groupChangesArePublishedKeyedByIdWithTheirVersionsThenATombstone() {
        UUID id = api.group("engineering-team");
        String path = "/api/tenants/groups/" + id;
        api.admin()
                .body(Map.of("name", "Everyone", "maxDevices", 3, "isSamlDefaultGroup", true))
                .put(path)
                .then()
                .statusCode(200);
        api.admin().delete(path).then().statusCode(204);

        List<ConsumerRecord<String, byte[]>> records = lifecycleOf(id, "policyGroup");
        assertThat(data(records.get(0)).get("entity").get("idpMapping").get(0).asText())
                .isEqualTo("engineering-team");
        JsonNode updated = data(records.get(1)).get("entity");
        assertThat(updated.get("maxDevices").asInt()).isEqualTo(3);
        assertThat(updated.get("isSamlDefaultGroup").asBoolean()).isTrue();
    }

    @Test
    void policyChangesArePublishedKeyedByIdWithTheirVersionsThenATombstone() {
        UUID group = api.group("g");
        UUID rule = api.admissionRule("r", "true");
        UUID id = api.policy(
                "p",
                Map.of(
                        "groups", List.of(group.toString()),
                        "rule", rule.toString(),
                        "sourceIps", List.of("::ffff:10.0.0.0/104")));
        String path = "/api/tenants/policies/" + id;
        api.admin()
                .body(Map.of("name", "p2", "type", "INTERNET", "action", false))
                .put(path)
                .then()
                .statusCode(200);
        api.admin().delete(path).then().statusCode(204);

        List<ConsumerRecord<String, byte[]>> records = lifecycleOf(id, "policy");
        JsonNode created = data(records.get(0)).get("entity");
        assertThat(created.get("groups").get(0).asText()).isEqualTo(group.toString());
        assertThat(created.get("rule").asText()).isEqualTo(rule.toString());
        assertThat(created.get("sourceIps").get(0).asText()).isEqualTo("10.0.0.0/8");
        assertThat(created.get("type").asText()).isEqualTo("PRIVATE");
        assertThat(created.get("action").asBoolean()).isTrue();
        JsonNode updated = data(records.get(1)).get("entity");
        assertThat(updated.get("type").asText()).isEqualTo("INTERNET");
        assertThat(updated.get("rule").isNull()).isTrue();
    }

    /**
     * The four records of a create, update and delete of {@code id}: created v1, updated v2, deleted
     * v3 (the last state, {@code deleted: true}), then a tombstone; each with the organization.
     */
    private List<ConsumerRecord<String, byte[]>> lifecycleOf(UUID id, String entityType) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(
                        Topic.RULES.topicName(),
                        Duration.ofSeconds(60),
                        read -> read.stream()
                                        .filter(r -> r.key().equals(id.toString()))
                                        .count()
                                >= 4)
                .stream()
                .filter(r -> r.key().equals(id.toString()))
                .toList();
        assertThat(records).hasSize(4);
        assertThat(records.stream().map(r -> TopicReader.header(r, "ce_type")).toList())
                .containsExactly(
                        "dev.ipfence." + entityType + ".created",
                        "dev.ipfence." + entityType + ".updated",
                        "dev.ipfence." + entityType + ".deleted",
                        null);
        assertThat(records.get(3).value()).as("tombstone").isNull();
        for (int i = 0; i < 3; i++) {
            JsonNode event = data(records.get(i));
            assertThat(event.get("entityType").asText()).isEqualTo(entityType);
            assertThat(event.get("id").asText()).isEqualTo(id.toString());
            assertThat(event.get("version").asLong()).isEqualTo(i + 1);
            assertThat(event.get("entity").get("version").asLong()).isEqualTo(i + 1);
            assertThat(event.get("orgId").asText()).isEqualTo(api.org.toString());
            assertThat(event.get("entity").get("orgId").asText()).isEqualTo(api.org.toString());
            assertThat(event.get("actor").asText()).isEqualTo("tester");
            assertThat(event.get("deleted").asBoolean()).isEqualTo(i == 2);
            assertThat(TopicReader.header(records.get(i), "ce_subject")).isEqualTo(id.toString());
        }
        assertThat(data(records.get(0)).get("previous").isNull()).isTrue();
        assertThat(data(records.get(2)).get("previous").get("version").asLong()).isEqualTo(2);
        return records;
    }

    private static JsonNode data(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
