package dev.ipfence.enforcement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import dev.ipfence.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Decisions with an identity: the organization's policies, groups and admission rules from the topic. */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class IdentityDecisionResourceTest {

    private static final List<String> EVERY_DAY =
            List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");
    private static final DateTimeFormatter HH_MM =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final RuleEvents events = new RuleEvents();

    @AfterEach
    void close() {
        events.close();
    }

    private static Map<String, Object> request(UUID env, String ip, String department, String resource) {
        Map<String, Object> body = new HashMap<>();
        body.put("ip", ip);
        body.put("environmentId", env.toString());
        body.put(
                "identity",
                Map.of(
                        "user",
                        Map.of(
                                "id",
                                "alice",
                                "email",
                                "alice@example.com",
                                "groups",
                                List.of("eng"),
                                "department",
                                department,
                                "attributes",
                                Map.of("level", 3)),
                        "device",
                        Map.of("id", "laptop-1", "attributes", Map.of("managed", true))));
        body.put("resource", Map.of("id", resource, "type", "PRIVATE"));
        return body;
    }

    private static Response post(Map<String, Object> body) {
        return given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/decisions");
    }

    private static Response await(Map<String, Object> body, Predicate<Response> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = post(body);
            if (last.statusCode() == 200 && until.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("decision never became as expected; last: " + (last == null ? null : last.asString()));
    }

    private static Predicate<Response> reason(String reason) {
        return r -> reason.equals(r.path("reason"));
    }

    @Test
    void theAllowedDepartmentIsAllowedAndAnotherHasNoPolicy() {
        UUID env = events.environment();
        AdmissionRuleState engineering =
                events.admissionRule("ALLOW", "user.department == 'engineering' && user.attributes.level >= 3", null);
        RuleEvents.PolicySpec spec = new RuleEvents.PolicySpec();
        spec.resources = List.of("wiki");
        spec.allUsers = true;
        spec.rule = engineering.id();
        PolicyState policy = events.policy(spec);

        Response allowed = await(request(env, "192.0.2.1", "engineering", "wiki"), reason("POLICY_ALLOW"));
        assertThat(allowed.<String>path("decision")).isEqualTo("ALLOW");
        assertThat(allowed.<String>path("policyId")).isEqualTo(policy.id().toString());
        assertThat(allowed.<String>path("admissionRuleId"))
                .isEqualTo(engineering.id().toString());
        post(request(env, "192.0.2.1", "sales", "wiki"))
                .then()
                .statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("reason", equalTo("NO_POLICY"))
                .body("policyId", nullValue());
        // no policy covers another resource: the IP decision stands
        post(request(env, "192.0.2.1", "sales", "mail")).then().body("reason", equalTo("NO_RULES"));
        // without an identity or a resource, the IP decision alone
        post(new HashMap<>(Map.of("ip", "192.0.2.1", "environmentId", env.toString())))
                .then()
                .body("reason", equalTo("NO_RULES"));
    }

    @Test
    void leavingTheIdentityOutNeverGetsARequestPastAPolicy() {
        UUID env = events.environment();
        RuleEvents.PolicySpec spec = new RuleEvents.PolicySpec();
        spec.resources = List.of("wiki");
        spec.allUsers = true;
        spec.allDevices = true;
        events.policy(spec);
        await(request(env, "192.0.2.1", "engineering", "wiki"), reason("POLICY_ALLOW"));

        Map<String, Object> anonymous = new HashMap<>(request(env, "192.0.2.1", "engineering", "wiki"));
        anonymous.remove("identity");
        post(anonymous).then().statusCode(200).body("decision", equalTo("DENY")).body("reason", equalTo("NO_POLICY"));
        Map<String, Object> noUser = new HashMap<>(anonymous);
        noUser.put("identity", Map.of());
        post(noUser).then().body("decision", equalTo("DENY")).body("reason", equalTo("NO_POLICY"));
        // a resource no policy covers: the IP decision stands, as for any anonymous request
        Map<String, Object> elsewhere = new HashMap<>(anonymous);
        elsewhere.put("resource", Map.of("id", "mail"));
        post(elsewhere).then().body("decision", equalTo("ALLOW")).body("reason", equalTo("NO_RULES"));
    }

    @Test
    void aClientOutsideTheSourceIpsHasNoPolicyAndAnIpDenyIsFinal() {
        UUID env = events.environment();
        RuleEvents.PolicySpec spec = new RuleEvents.PolicySpec();
        spec.resources = List.of("db");
        spec.allUsers = true;
        spec.sourceIps = List.of("10.0.0.0/8", "192.0.2.10-192.0.2.20");
        events.policy(spec);
        await(request(env, "192.0.2.15", "engineering", "db"), reason("POLICY_ALLOW"));
        post(request(env, "10.9.9.9", "engineering", "db")).then().body("reason", equalTo("POLICY_ALLOW"));
        post(request(env, "192.0.2.21", "engineering", "db")).then().body("reason", equalTo("NO_POLICY"));

        events.rule("org", events.org, "10.9.0.0/16", "deny", List.of());
        await(request(env, "10.9.9.9", "engineering", "db"), reason("DENY_RULE"));
    }

    @Test
    void outsideItsTimeWindowAnAdmissionRuleDoesNotApply() {
        UUID env = events.environment();
        Instant now = Instant.now();
        AdmissionRuleState later = events.admissionRule(
                "ALLOW",
                "true",
                new AdmissionRuleState.TimeWindow(
                        EVERY_DAY,
                        HH_MM.format(now.plus(Duration.ofHours(2))),
                        HH_MM.format(now.plus(Duration.ofHours(3))),
                        "UTC"));
        AdmissionRuleState current = events.admissionRule(
                "ALLOW",
                "true",
                new AdmissionRuleState.TimeWindow(
                        EVERY_DAY,
                        HH_MM.format(now.minus(Duration.ofHours(1))),
                        HH_MM.format(now.plus(Duration.ofHours(1))),
                        "UTC"));
        RuleEvents.PolicySpec spec = new RuleEvents.PolicySpec();
        spec.resources = List.of("night-batch");
        spec.allUsers = true;
        spec.rule = later.id();
        events.policy(spec);
        await(request(env, "192.0.2.1", "engineering", "night-batch"), reason("NO_POLICY"));

        spec.resources = List.of("office");
        spec.rule = current.id();
        PolicyState office = events.policy(spec);
        Response allowed = await(request(env, "192.0.2.1", "engineering", "office"), reason("POLICY_ALLOW"));
        assertThat(allowed.<String>path("policyId")).isEqualTo(office.id().toString());
    }

    @Test
    void denyOverridesAllowAndGroupsMatchByIdpName() {
        UUID env = events.environment();
        var engineering = events.policyGroup(false, List.of("eng"));
        RuleEvents.PolicySpec allow = new RuleEvents.PolicySpec();
        allow.resources = List.of("payroll");
        allow.groups = List.of(engineering.id());
        PolicyState allowed = events.policy(allow);
        await(
                request(env, "192.0.2.1", "engineering", "payroll"),
                r -> allowed.id().toString().equals(r.path("policyId")));

        RuleEvents.PolicySpec deny = new RuleEvents.PolicySpec();
        deny.resources = List.of("payroll");
        deny.devices = List.of("laptop-1");
        deny.action = false;
        PolicyState denied = events.policy(deny);
        Response response = await(request(env, "192.0.2.1", "engineering", "payroll"), reason("POLICY_DENY"));
        assertThat(response.<String>path("policyId")).isEqualTo(denied.id().toString());
        // the denial is published as a blocked attempt naming the policy
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(
                Topic.BLOCKED_ATTEMPTS.topicName(),
                Duration.ofSeconds(30),
                read -> read.stream().anyMatch(r -> env.toString().equals(r.key())));
        JsonNode attempt = records.stream()
                .filter(r -> env.toString().equals(r.key()))
                .map(r -> {
                    try {
                        return new ObjectMapper().readTree(r.value());
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(e -> "POLICY_DENY".equals(e.path("reason").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(attempt.get("policyId").asText()).isEqualTo(denied.id().toString());
        assertThat(attempt.get("ip").asText()).isEqualTo("192.0.2.1");

        events.delete(denied);
        await(request(env, "192.0.2.1", "engineering", "payroll"), reason("POLICY_ALLOW"));
    }

    @Test
    void explainListsThePoliciesConsideredToATokenOfTheOrganization() {
        UUID env = events.environment();
        AdmissionRuleState failing = events.admissionRule("ALLOW", "user.attributes.clearance == 'secret'", null);
        RuleEvents.PolicySpec spec = new RuleEvents.PolicySpec();
        spec.resources = List.of("vault");
        spec.users = List.of("bob");
        PolicyState forBob = events.policy(spec);
        spec.users = List.of();
        spec.allUsers = true;
        spec.rule = failing.id();
        PolicyState withRule = events.policy(spec);
        Map<String, Object> body = request(env, "192.0.2.1", "engineering", "vault");
        await(body, reason("POLICY_DENY"));

        Response explained = given().urlEncodingEnabled(false)
                .auth()
                .oauth2(TestTokens.token(events.org, TestTokens.READ))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/decisions?explain=true");
        explained
                .then()
                .statusCode(200)
                .body("reason", equalTo("POLICY_DENY"))
                .body("policyId", equalTo(withRule.id().toString()))
                .body("explain.policiesCount", equalTo(2))
                .body("explain.policies", hasSize(2));
        List<Map<String, Object>> policies = explained.path("explain.policies");
        Map<String, Object> bob = policies.stream()
                .filter(p -> forBob.id().toString().equals(p.get("policyId")))
                .findFirst()
                .orElseThrow();
        assertThat(bob)
                .containsEntry("matched", false)
                .containsEntry("applied", false)
                .containsEntry("why", "subject");
        Map<String, Object> rule = policies.stream()
                .filter(p -> withRule.id().toString().equals(p.get("policyId")))
                .findFirst()
                .orElseThrow();
        assertThat(rule)
                .containsEntry("matched", true)
                .containsEntry("applied", true)
                .containsEntry("effect", "DENY")
                .containsEntry("admissionRuleId", failing.id().toString());
        assertThat((String) rule.get("why")).startsWith("condition failed: ");

        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/decisions?explain=true")
                .then()
                .statusCode(401);
        given().urlEncodingEnabled(false)
                .auth()
                .oauth2(TestTokens.token(events.org, TestTokens.WRITE))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/decisions?explain=true")
                .then()
                .statusCode(403);
        given().urlEncodingEnabled(false)
                .auth()
                .oauth2(TestTokens.token(UUID.randomUUID(), TestTokens.READ))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/decisions?explain=true")
                .then()
                .statusCode(404);
        post(body).then().body("explain", nullValue());
    }

    @Test
    void aMalformedPolicyRecordClosesOnlyItsOrganizationsIdentityRequestsUntilReplaced() {
        UUID env = events.environment();
        RuleEvents.PolicySpec spec = new RuleEvents.PolicySpec();
        spec.resources = List.of("crm");
        spec.allUsers = true;
        PolicyState policy = events.policy(spec);
        await(request(env, "192.0.2.1", "engineering", "crm"), reason("POLICY_ALLOW"));
        try (RuleEvents other = new RuleEvents()) {
            UUID otherEnv = other.environment();
            PolicyState theirs = other.policy(spec);
            await(request(otherEnv, "192.0.2.1", "engineering", "crm"), reason("POLICY_ALLOW"));

            String valid = events.policyJson(policy, 2);
            events.raw(policy.id().toString(), valid.replace("\"type\":\"PRIVATE\"", "\"type\":\"PUBLIC\""));
            await(request(env, "192.0.2.1", "engineering", "crm"), reason("RULES_UNAVAILABLE"))
                    .then()
                    .body("decision", equalTo("DENY"));
            post(new HashMap<>(Map.of("ip", "192.0.2.1", "environmentId", env.toString())))
                    .then()
                    .body("reason", equalTo("NO_RULES"));
            post(request(otherEnv, "192.0.2.1", "engineering", "crm"))
                    .then()
                    .body("reason", equalTo("POLICY_ALLOW"))
                    .body("policyId", equalTo(theirs.id().toString()));
            given().get("/v1/quarantine")
                    .then()
                    .statusCode(200)
                    .body("identityRequestsFailingClosed", org.hamcrest.Matchers.hasItem(events.org.toString()))
                    .body(
                            "failingClosed",
                            org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(events.org.toString())));

            events.raw(policy.id().toString(), events.policyJson(policy, 3));
            await(request(env, "192.0.2.1", "engineering", "crm"), reason("POLICY_ALLOW"));
        }
    }

    @Test
    void badResourceTypesAndOversizedIdentitiesAreProblemsNamingTheField() {
        UUID env = UUID.randomUUID();
        Map<String, Object> body = request(env, "192.0.2.1", "engineering", "wiki");
        body.put("resource", Map.of("id", "wiki", "type", "PUBLIC"));
        post(body)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("resource.type"))
                .body("errors[0].message", startsWith("\"PUBLIC\" is not one of PRIVATE, SAAS, INTERNET, SITETOSITE"));

        body = request(env, "192.0.2.1", "engineering", "wiki");
        body.put("identity", Map.of("user", Map.of("id", "alice", "groups", Collections.nCopies(1001, "g"))));
        post(body)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("identity.user.groups"))
                .body("errors[0].message", equalTo("at most 1000 groups, got 1001"));

        Map<String, Object> attributes = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            attributes.put("a" + i, i);
        }
        body.put("identity", Map.of("device", Map.of("id", "d", "attributes", attributes)));
        post(body).then().statusCode(400).body("errors[0].field", equalTo("identity.device.attributes"));

        body.put("identity", Map.of("user", Map.of("email", "x".repeat(1025))));
        post(body).then().statusCode(400).body("errors[0].field", equalTo("identity.user.email"));

        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "requests",
                        List.of(Map.of(
                                "ip",
                                "192.0.2.1",
                                "environmentId",
                                env.toString(),
                                "identity",
                                Map.of(),
                                "resource",
                                Map.of("type", "private")))))
                .post("/v1/decisions:batch")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("requests[0].resource.type"));
    }
}
