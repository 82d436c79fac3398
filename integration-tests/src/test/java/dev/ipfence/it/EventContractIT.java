package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.EventSchemas;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import dev.ipfence.testing.TopicReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every event the services published during the integration tests keeps the machine-readable
 * contract: the JSON Schemas of docs/api/schemas and the CloudEvents headers of docs/api/asyncapi.yaml.
 * Runs after the other integration tests (they share one Kafka), and first makes rule-service and
 * enforcement-service publish every kind of event themselves, so that it also checks them alone.
 * Records the tests wrote themselves (no {@code ce_source}) are not the services' and are skipped.
 */
@Order(Integer.MAX_VALUE)
class EventContractIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG = UUID.randomUUID();
    private static final String TOKEN = TestTokens.admin(ORG);
    private static final String RULE_SERVICE = "/ipfence/rule-service";
    private static final String ENFORCEMENT_SERVICE = "/ipfence/enforcement-service";

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static String env;

    @BeforeAll
    static void publishEveryKindOfEvent() throws Exception {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
        String project =
                ok("POST", "/api/projects", "{\"name\":\"contract\"}").get("id").asText();
        env = ok("POST", "/api/projects/" + project + "/environments", "{\"name\":\"prod\"}")
                .get("id")
                .asText();
        ok("POST", "/api/environments/" + env + "/ip-access-rules", "{\"cidr\":\"10.0.0.0/8\",\"action\":\"deny\"}");
        String v6 = ok(
                        "POST",
                        "/api/environments/" + env + "/ip-access-rules",
                        "{\"cidr\":\"2001:db8::/32\",\"action\":\"allow\"}")
                .get("id")
                .asText();
        ok("POST", "/api/global/loginIpAllowlists", "{\"ipRangeFrom\":\"192.0.2.10\",\"ipRangeTo\":\"192.0.2.20\"}");
        String group = ok(
                        "POST",
                        "/api/tenants/groups",
                        "{\"name\":\"engineering\",\"description\":\"Engineers\",\"maxDevices\":10,"
                                + "\"isSamlDefaultGroup\":false,\"idpMapping\":[\"engineering\"]}")
                .get("id")
                .asText();
        String admission = ok(
                        "POST",
                        "/api/tenants/admission-rules",
                        "{\"name\":\"office hours\",\"rule\":\"user.department == 'Engineering'\","
                                + "\"hasTimeConstraint\":true,\"timeWindow\":{\"daysOfWeek\":[\"MONDAY\",\"FRIDAY\"],"
                                + "\"startTime\":\"09:00\",\"endTime\":\"17:30\",\"timeZone\":\"Europe/Berlin\"}}")
                .get("id")
                .asText();
        String policy = ok(
                        "POST",
                        "/api/tenants/policies",
                        "{\"name\":\"wiki\",\"description\":\"zero trust\",\"type\":\"PRIVATE\",\"mode\":\"LOCAL\","
                                + "\"action\":true,\"allGroups\":false,\"allUsers\":false,\"allDevices\":false,"
                                + "\"allResources\":false,\"groups\":[\"" + group + "\"],\"users\":[],\"devices\":[],"
                                + "\"resources\":[\"wiki\"],\"gateways\":[],"
                                + "\"sourceIps\":[\"198.51.100.0/24\",\"203.0.113.1-203.0.113.9\"],"
                                + "\"rule\":\"" + admission + "\"}")
                .get("id")
                .asText();
        String key = ok("POST", "/api/tenants/api-keys", "{\"name\":\"ci\",\"roles\":[\"ip-access:read\"]}")
                .get("id")
                .asText();
        assertThat(call("DELETE", "/api/tenants/api-keys/" + key, null).statusCode())
                .isBetween(200, 299);
        assertThat(call("DELETE", "/api/tenants/policies/" + policy, null).statusCode())
                .isBetween(200, 299);
        assertThat(call("DELETE", "/api/environments/" + env + "/ip-access-rules/" + v6, null)
                        .statusCode())
                .isBetween(200, 299);
        awaitDeny("10.1.2.3");
        List<ConsumerRecord<String, byte[]>> mine = TopicReader.readUntil(
                Topic.RULES.topicName(),
                Duration.ofSeconds(60),
                read -> entityTypesOf(read, ORG.toString())
                                .containsAll(Set.of(EntityType.values()).stream()
                                        .map(Enum::name)
                                        .toList())
                        && read.stream().anyMatch(r -> r.value() == null && v6.equals(r.key())));
        assertThat(entityTypesOf(mine, ORG.toString()))
                .as("entity types published for this test")
                .hasSize(7);
        TopicReader.readUntil(
                Topic.BLOCKED_ATTEMPTS.topicName(),
                Duration.ofSeconds(60),
                read -> read.stream().anyMatch(r -> env.equals(r.key())));
    }

    @AfterAll
    static void stop() {
        if (enforcement != null) {
            enforcement.close();
        }
        if (rules != null) {
            rules.close();
        }
    }

    @Test
    void everyRuleEventOfRuleServiceKeepsTheSchemaAndTheCloudEventsHeaders() throws Exception {
        List<ConsumerRecord<String, byte[]>> records =
                TopicReader.readAll(Topic.RULES.topicName(), Duration.ofSeconds(60));
        Map<String, Integer> validated = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int tombstones = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                tombstones++;
                if (!record.headers().iterator().hasNext()) {
                    continue;
                }
                problems.add(where(record) + ": a tombstone has headers");
                continue;
            }
            if (!RULE_SERVICE.equals(TopicReader.header(record, "ce_source"))) {
                continue; // written by a test, not by rule-service
            }
            String json = new String(record.value(), StandardCharsets.UTF_8);
            List<String> broken = EventSchemas.problems(EventSchemas.RULE_CHANGE_EVENT, json);
            if (!broken.isEmpty()) {
                problems.add(where(record) + ": " + broken + "\n    " + json);
                continue;
            }
            JsonNode event = JSON.readTree(json);
            String id = event.get("id").asText();
            checkHeader(problems, record, "ce_specversion", "1.0");
            checkHeader(
                    problems,
                    record,
                    "ce_type",
                    "dev.ipfence." + event.get("entityType").asText() + "."
                            + event.get("change").asText());
            checkHeader(problems, record, "ce_subject", id);
            checkHeader(problems, record, "content-type", "application/json");
            checkUuidAndTime(problems, record);
            if (!id.equals(record.key())) {
                problems.add(where(record) + ": key " + record.key() + " is not the id " + id);
            }
            validated.merge(
                    event.get("entityType").asText() + "." + event.get("change").asText(), 1, Integer::sum);
        }
        System.out.printf(
                "EventContractIT: %d records on %s, %d tombstones; validated events of rule-service: %s%n",
                records.size(), Topic.RULES.topicName(), tombstones, validated);
        assertThat(problems)
                .as("records of rule-service that break the contract")
                .isEmpty();
        for (EntityType type : EntityType.values()) {
            assertThat(validated.keySet())
                    .as("events of type %s validated", type)
                    .anyMatch(k -> k.startsWith(type.name() + "."));
        }
        assertThat(validated.keySet()).anyMatch(k -> k.endsWith(".created"));
        assertThat(validated.keySet()).anyMatch(k -> k.endsWith(".updated"));
        assertThat(validated.keySet()).anyMatch(k -> k.endsWith(".deleted"));
    }

    @Test
    void everyBlockedAttemptOfEnforcementServiceKeepsTheSchemaAndTheCloudEventsHeaders() throws Exception {
        List<ConsumerRecord<String, byte[]>> records =
                TopicReader.readAll(Topic.BLOCKED_ATTEMPTS.topicName(), Duration.ofSeconds(60));
        Map<String, Integer> validated = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (!ENFORCEMENT_SERVICE.equals(TopicReader.header(record, "ce_source"))) {
                continue; // written by a test, not by enforcement-service
            }
            String json = record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8);
            List<String> broken = EventSchemas.problems(EventSchemas.BLOCKED_ATTEMPT_EVENT, json);
            if (!broken.isEmpty()) {
                problems.add(where(record) + ": " + broken + "\n    " + json);
                continue;
            }
            JsonNode event = JSON.readTree(json);
            checkHeader(problems, record, "ce_specversion", "1.0");
            checkHeader(problems, record, "ce_type", BlockedAttemptEvent.CLOUD_EVENT_TYPE);
            checkHeader(problems, record, "ce_id", event.get("id").asText());
            checkHeader(
                    problems, record, "ce_subject", event.get("environmentId").asText());
            checkHeader(problems, record, "content-type", "application/json");
            checkUuidAndTime(problems, record);
            if (!event.get("environmentId").isNull()
                    && !event.get("environmentId").asText().equals(record.key())) {
                problems.add(where(record) + ": key " + record.key() + " is not the environment id");
            }
            validated.merge(event.get("reason").asText(), 1, Integer::sum);
        }
        System.out.printf(
                "EventContractIT: %d records on %s; validated events of enforcement-service by reason: %s%n",
                records.size(), Topic.BLOCKED_ATTEMPTS.topicName(), validated);
        assertThat(problems)
                .as("records of enforcement-service that break the contract")
                .isEmpty();
        assertThat(validated).as("blocked attempts validated").containsKey("DENY_RULE");
    }

    private static void checkHeader(
            List<String> problems, ConsumerRecord<String, byte[]> record, String name, String expected) {
        String actual = TopicReader.header(record, name);
        if (!expected.equals(actual)) {
            problems.add(where(record) + ": header " + name + " is " + actual + ", not " + expected);
        }
    }

    private static void checkUuidAndTime(List<String> problems, ConsumerRecord<String, byte[]> record) {
        try {
            UUID.fromString(TopicReader.header(record, "ce_id"));
            OffsetDateTime.parse(TopicReader.header(record, "ce_time"));
        } catch (RuntimeException e) {
            problems.add(where(record) + ": ce_id or ce_time unreadable: " + e.getMessage());
        }
    }

    private static String where(ConsumerRecord<String, byte[]> record) {
        return record.topic() + " " + record.partition() + "/" + record.offset() + " key " + record.key();
    }

    private static Set<String> entityTypesOf(List<ConsumerRecord<String, byte[]>> records, String org) {
        Set<String> types = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null || !RULE_SERVICE.equals(TopicReader.header(record, "ce_source"))) {
                continue;
            }
            try {
                JsonNode event = JSON.readTree(record.value());
                if (org.equals(event.path("orgId").asText())) {
                    types.add(event.path("entityType").asText());
                }
            } catch (java.io.IOException e) {
                // not JSON: the schema test reports it
            }
        }
        return types;
    }

    private static void awaitDeny(String ip) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = ServiceCalls.call(enforcement, "POST", "/v1/decisions", null, body);
            if (response.statusCode() == 200
                    && "DENY_RULE"
                            .equals(JSON.readTree(response.body())
                                    .path("reason")
                                    .asText())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("enforcement never denied " + ip + " by the rule");
    }

    private static JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, body);
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return ServiceCalls.call(rules, method, path, TOKEN, body);
    }
}
