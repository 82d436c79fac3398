package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The identity-aware layer (seeds 003 and 004) through the packaged services: admission rules,
 * policy groups, policies and API keys written only through rule-service's HTTP API, decided by
 * enforcement-service's {@code POST /v1/decisions} and logged by audit-service. Each test has an
 * organization of its own, so that one test's policies never decide another's requests.
 */
class ZeroTrustDecisionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KAFKA = Duration.ofSeconds(60);
    private static final String OFFICE = "198.51.100.7";
    private static final String OUTSIDE = "203.0.113.7";
    private static final String ALL_DAYS =
            "[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\"]";
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static ServiceProcess audit;

    private String token;
    private String env;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
        audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", Map.of());
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {audit, enforcement, rules}) {
            if (service != null) {
                service.close();
            }
        }
    }

    /** A fresh organization with a project and an environment that enforcement already decides for. */
    @BeforeEach
    void organization() throws Exception {
        token = TestTokens.admin(UUID.randomUUID());
        String project = ok(rules, "POST", "/api/projects", "{\"name\":\"shop\"}")
                .get("id")
                .asText();
        env = ok(rules, "POST", "/api/projects/" + project + "/environments", "{\"name\":\"prod\"}")
                .get("id")
                .asText();
        await(
                "enforcement knows the environment",
                () -> !"UNKNOWN_ENVIRONMENT"
                        .equals(decide(OFFICE, null, "wiki").path("reason").asText()));
    }

    @Test
    void anEngineerFromTheOfficeIsAllowedByThePolicyAndItsAdmissionRule() throws Exception {
        String group = engineeringGroup();
        String rule = admissionRule("{\"name\":\"Engineering Department Access\","
                + "\"rule\":\"user.department == 'Engineering'\",\"hasTimeConstraint\":false}");
        assertThat(ok(rules, "GET", "/api/tenants/admission-rules/" + rule, null)
                        .get("type")
                        .asText())
                .as("a create body without type is an ALLOW rule")
                .isEqualTo("ALLOW");
        String policy = policy("Engineering wiki", group, rule, "wiki", true);

        JsonNode allowed = awaitReason(OFFICE, engineer("Engineering"), "wiki", "POLICY_ALLOW");
        assertThat(allowed.get("decision").asText()).isEqualTo("ALLOW");
        assertThat(allowed.get("policyId").asText()).isEqualTo(policy);
        assertThat(allowed.get("admissionRuleId").asText()).isEqualTo(rule);
    }

    @Test
    void anotherDepartmentAnAddressOutsideTheSourceIpsAndAnAnonymousRequestAreDeniedNoPolicy() throws Exception {
        String group = engineeringGroup();
        String rule = admissionRule("{\"name\":\"Engineering Department Access\","
                + "\"rule\":\"user.department == 'Engineering'\",\"hasTimeConstraint\":false}");
        policy("Engineering wiki", group, rule, "wiki", true);
        awaitReason(OFFICE, engineer("Engineering"), "wiki", "POLICY_ALLOW");

        assertDenied(decide(OFFICE, engineer("Sales"), "wiki"), "NO_POLICY");
        assertDenied(decide(OUTSIDE, engineer("Engineering"), "wiki"), "NO_POLICY");
        assertDenied(decide(OFFICE, null, "wiki"), "NO_POLICY");
    }

    @Test
    void aTimeWindowExcludingNowDeniesAndItsUpdateToIncludeNowAllows() throws Exception {
        String group = engineeringGroup();
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        LocalTime away = now.plusHours(12);
        String rule = admissionRule(timedRule(away, away.plusMinutes(1)));
        String policy = policy("Engineering docs in office hours", group, rule, "docs", true);
        String explained = "outside time window";

        JsonNode denied = awaitReason(OFFICE, engineer("Engineering"), "docs", "NO_POLICY");
        assertThat(denied.get("decision").asText()).isEqualTo("DENY");
        JsonNode considered = onlyPolicy(explain(OFFICE, engineer("Engineering"), "docs"));
        assertThat(considered.get("policyId").asText()).isEqualTo(policy);
        assertThat(considered.get("why").asText()).isEqualTo(explained);

        ok(rules, "PUT", "/api/tenants/admission-rules/" + rule, timedRule(now.minusHours(1), now.plusHours(1)));

        JsonNode allowed = awaitReason(OFFICE, engineer("Engineering"), "docs", "POLICY_ALLOW");
        assertThat(allowed.get("policyId").asText()).isEqualTo(policy);
        assertThat(allowed.get("admissionRuleId").asText()).isEqualTo(rule);
    }

    @Test
    void aDenyPolicyForTheSameGroupOverridesTheAllowPolicy() throws Exception {
        String group = engineeringGroup();
        String allow = policy("Engineering wiki", group, null, "wiki", true);
        awaitReason(OFFICE, engineer("Engineering"), "wiki", "POLICY_ALLOW");

        String deny = policy("No wiki", group, null, "wiki", false);

        JsonNode denied = awaitReason(OFFICE, engineer("Engineering"), "wiki", "POLICY_DENY");
        assertThat(denied.get("decision").asText()).isEqualTo("DENY");
        assertThat(denied.get("policyId").asText()).isEqualTo(deny);
        List<String> considered = new ArrayList<>();
        explain(OFFICE, engineer("Engineering"), "wiki")
                .path("explain")
                .path("policies")
                .forEach(p -> considered.add(p.get("policyId").asText()));
        assertThat(considered).containsExactlyInAnyOrder(allow, deny);
    }

    @Test
    void aPolicyDenyIsABlockedAttemptInAuditNamingThePolicy() throws Exception {
        String group = engineeringGroup();
        String deny = policy("No wiki", group, null, "wiki", false);
        awaitReason(OFFICE, engineer("Engineering"), "wiki", "POLICY_DENY");

        JsonNode[] attempt = new JsonNode[1];
        await("audit lists the POLICY_DENY", () -> {
            HttpResponse<String> page = call(audit, "GET", "/api/environments/" + env + "/blocked-attempts", null);
            if (page.statusCode() != 200) {
                return false; // audit has not seen the environment yet
            }
            for (JsonNode a : JSON.readTree(page.body()).path("attempts")) {
                if ("POLICY_DENY".equals(a.path("reason").asText())) {
                    attempt[0] = a;
                    return true;
                }
            }
            return false;
        });
        assertThat(attempt[0].path("policyId").asText())
                .as(attempt[0].toString())
                .isEqualTo(deny);
        assertThat(attempt[0].path("ip").asText()).isEqualTo(OFFICE);
        List<String> keys = new ArrayList<>();
        ok(audit, "GET", "/api/environments/" + env + "/blocked-attempts/top?by=rule", null)
                .path("top")
                .forEach(entry -> keys.add(entry.path("key").asText()));
        assertThat(keys).as("by rule, a policy denial counts for its policy").contains(deny);
    }

    @Test
    void explainWithAnAdminTokenListsThePoliciesConsidered() throws Exception {
        String group = engineeringGroup();
        String rule = admissionRule("{\"name\":\"Engineering Department Access\","
                + "\"rule\":\"user.department == 'Engineering'\",\"hasTimeConstraint\":false}");
        String policy = policy("Engineering wiki", group, rule, "wiki", true);
        awaitReason(OFFICE, engineer("Engineering"), "wiki", "POLICY_ALLOW");

        JsonNode allowed = onlyPolicy(explain(OFFICE, engineer("Engineering"), "wiki"));
        assertThat(allowed.get("policyId").asText()).isEqualTo(policy);
        assertThat(allowed.get("admissionRuleId").asText()).isEqualTo(rule);
        assertThat(allowed.get("matched").asBoolean()).isTrue();
        assertThat(allowed.get("applied").asBoolean()).isTrue();
        assertThat(allowed.get("why").asText()).isEqualTo("condition true");

        JsonNode otherDepartment = onlyPolicy(explain(OFFICE, engineer("Sales"), "wiki"));
        assertThat(otherDepartment.get("applied").asBoolean()).isFalse();
        assertThat(otherDepartment.get("why").asText()).isEqualTo("condition false");
        assertThat(onlyPolicy(explain(OUTSIDE, engineer("Engineering"), "wiki"))
                        .get("why")
                        .asText())
                .isEqualTo("sourceIps");

        HttpResponse<String> withoutToken = ServiceCalls.call(
                enforcement,
                "POST",
                "/v1/decisions?explain=true",
                null,
                request(OFFICE, engineer("Engineering"), "wiki"));
        assertThat(withoutToken.statusCode()).isEqualTo(401);
    }

    @Test
    void aGroupInUseIsA409NamingThePolicyAndAfterDeletingThePoliciesTheGroupGoesAndAllowsNoMore() throws Exception {
        String group = engineeringGroup();
        String first = policy("Engineering wiki", group, null, "wiki", true);
        String second = policy("Engineering docs", group, null, "docs", true);
        awaitReason(OFFICE, engineer("Engineering"), "wiki", "POLICY_ALLOW");

        HttpResponse<String> inUse = call(rules, "DELETE", "/api/tenants/groups/" + group, null);
        assertThat(inUse.statusCode()).as(inUse.body()).isEqualTo(409);
        JsonNode problem = JSON.readTree(inUse.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://ipfence.dev/problems/in-use");
        List<String> usedBy = new ArrayList<>();
        problem.get("usedBy").forEach(p -> usedBy.add(p.get("id").asText()));
        assertThat(usedBy).containsExactlyInAnyOrder(first, second);
        assertThat(problem.get("detail").asText()).contains(first);
        assertThat(ok(rules, "GET", "/api/tenants/groups/" + group, null)
                        .get("id")
                        .asText())
                .isEqualTo(group);

        assertThat(call(rules, "DELETE", "/api/tenants/policies/" + first, null).statusCode())
                .isEqualTo(204);
        assertThat(call(rules, "DELETE", "/api/tenants/policies/" + second, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(call(rules, "DELETE", "/api/tenants/groups/" + group, null).statusCode())
                .isEqualTo(204);
        assertThat(call(rules, "GET", "/api/tenants/groups/" + group, null).statusCode())
                .isEqualTo(404);

        // no policy covers the resource any more: the IP decision (no rules) stands
        JsonNode after = awaitReason(OFFICE, engineer("Engineering"), "wiki", "NO_RULES");
        assertThat(after.has("policyId")).as(after.toString()).isFalse();
    }

    @Test
    void anApiKeyAuthenticatesInEveryServiceUntilItIsRevoked() throws Exception {
        String group = engineeringGroup();
        String policy = policy("Engineering wiki", group, null, "wiki", true);
        awaitReason(OFFICE, engineer("Engineering"), "wiki", "POLICY_ALLOW");

        HttpResponse<String> created =
                call(rules, "POST", "/api/tenants/api-keys", "{\"name\":\"ci\",\"roles\":[\"ip-access:read\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = JSON.readTree(created.body());
        String secret = key.get("secret").asText();
        String keyId = key.get("id").asText();
        String explainBody = request(OFFICE, engineer("Engineering"), "wiki");

        HttpResponse<String> policies =
                ServiceCalls.callWithApiKey(rules, "GET", "/api/tenants/policies", secret, null);
        assertThat(policies.statusCode()).as(policies.body()).isEqualTo(200);
        assertThat(JSON.readTree(policies.body()).get(0).get("id").asText()).isEqualTo(policy);
        assertThat(ServiceCalls.callWithApiKey(
                                rules, "POST", "/api/tenants/groups", secret, "{\"name\":\"x\",\"maxDevices\":1}")
                        .statusCode())
                .as("a read key does not write")
                .isEqualTo(403);
        await(
                "enforcement explains for the key",
                () -> ServiceCalls.callWithApiKey(
                                        enforcement, "POST", "/v1/decisions?explain=true", secret, explainBody)
                                .statusCode()
                        == 200);
        JsonNode explained = JSON.readTree(
                ServiceCalls.callWithApiKey(enforcement, "POST", "/v1/decisions?explain=true", secret, explainBody)
                        .body());
        assertThat(explained
                        .path("explain")
                        .path("policies")
                        .get(0)
                        .get("policyId")
                        .asText())
                .isEqualTo(policy);
        await(
                "audit serves the change log to the key",
                () -> ServiceCalls.callWithApiKey(audit, "GET", "/api/audit/changes?limit=5", secret, null)
                                .statusCode()
                        == 200);

        assertThat(call(rules, "DELETE", "/api/tenants/api-keys/" + keyId, null).statusCode())
                .isEqualTo(204);

        HttpResponse<String> revoked = ServiceCalls.callWithApiKey(rules, "GET", "/api/tenants/policies", secret, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(401);
        await(
                "enforcement refuses the revoked key",
                () -> ServiceCalls.callWithApiKey(
                                        enforcement, "POST", "/v1/decisions?explain=true", secret, explainBody)
                                .statusCode()
                        == 401);
        await(
                "audit refuses the revoked key",
                () -> ServiceCalls.callWithApiKey(audit, "GET", "/api/audit/changes?limit=5", secret, null)
                                .statusCode()
                        == 401);
        assertThat(ok(rules, "GET", "/api/tenants/api-keys/" + keyId, null)
                        .get("revokedAt")
                        .isNull())
                .isFalse();
    }

    @Test
    void theAuditChangeLogListsPolicyGroupAdmissionRuleAndApiKeyChangesWithoutTheSecretHash() throws Exception {
        String group = engineeringGroup();
        String rule = admissionRule("{\"name\":\"Engineering Department Access\","
                + "\"rule\":\"user.department == 'Engineering'\",\"hasTimeConstraint\":false}");
        String policy = policy("Engineering wiki", group, rule, "wiki", true);
        String key = ok(rules, "POST", "/api/tenants/api-keys", "{\"name\":\"ci\",\"roles\":[\"ip-access:read\"]}")
                .get("id")
                .asText();
        assertThat(call(rules, "DELETE", "/api/tenants/api-keys/" + key, null).statusCode())
                .isEqualTo(204);

        assertThat(awaitChanges("policy", policy, 1)
                        .get(0)
                        .path("after")
                        .path("name")
                        .asText())
                .isEqualTo("Engineering wiki");
        assertThat(awaitChanges("policyGroup", group, 1)
                        .get(0)
                        .path("after")
                        .path("name")
                        .asText())
                .isEqualTo("engineering");
        assertThat(awaitChanges("admissionRule", rule, 1)
                        .get(0)
                        .path("after")
                        .path("rule")
                        .asText())
                .isEqualTo("user.department == 'Engineering'");
        List<JsonNode> keyChanges = awaitChanges("apiKey", key, 2);
        for (JsonNode change : keyChanges) {
            assertThat(change.get("entityType").asText()).isEqualTo("apiKey");
            assertThat(change.toString()).as(change.toString()).doesNotContain("secretHash");
            assertThat(change.path("after").path("name").asText()).isEqualTo("ci");
        }
    }

    // --- writes through rule-service

    private String engineeringGroup() throws Exception {
        return ok(
                        rules,
                        "POST",
                        "/api/tenants/groups",
                        "{\"name\":\"engineering\",\"description\":\"Engineers from the IdP\",\"maxDevices\":10,"
                                + "\"isSamlDefaultGroup\":false,\"idpMapping\":[\"engineering\"]}")
                .get("id")
                .asText();
    }

    private String admissionRule(String body) throws Exception {
        return ok(rules, "POST", "/api/tenants/admission-rules", body).get("id").asText();
    }

    /** Seed 004's body shape: one group, one resource, the office network, an optional admission rule. */
    private String policy(String name, String group, String rule, String resource, boolean action) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"description\":\"zero trust\",\"type\":\"PRIVATE\","
                + "\"mode\":\"LOCAL\",\"action\":" + action + ",\"allGroups\":false,\"allUsers\":false,"
                + "\"allDevices\":false,\"allResources\":false,\"groups\":[\"" + group + "\"],\"users\":[],"
                + "\"devices\":[],\"resources\":[\"" + resource + "\"],\"gateways\":[],"
                + "\"sourceIps\":[\"198.51.100.0/24\"]" + (rule == null ? "" : ",\"rule\":\"" + rule + "\"") + "}";
        return ok(rules, "POST", "/api/tenants/policies", body).get("id").asText();
    }

    /** An Engineering-only admission rule in force every day from {@code start} to {@code end} UTC. */
    private static String timedRule(LocalTime start, LocalTime end) {
        return "{\"name\":\"Engineering in the window\",\"rule\":\"user.department == 'Engineering'\","
                + "\"hasTimeConstraint\":true,\"timeWindow\":{\"daysOfWeek\":" + ALL_DAYS + ",\"startTime\":\""
                + start.format(HH_MM) + "\",\"endTime\":\"" + end.format(HH_MM) + "\",\"timeZone\":\"UTC\"}}";
    }

    // --- decisions at enforcement-service

    private static String engineer(String department) {
        return "{\"user\":{\"id\":\"alice\",\"email\":\"alice@example.com\",\"groups\":[\"engineering\"],"
                + "\"department\":\"" + department + "\"}}";
    }

    /** {@code identity} null: an anonymous request that names the resource only. */
    private String request(String ip, String identity, String resource) {
        return "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\""
                + (identity == null ? "" : ",\"identity\":" + identity)
                + ",\"resource\":{\"id\":\"" + resource + "\",\"type\":\"PRIVATE\"}}";
    }

    private JsonNode decide(String ip, String identity, String resource) throws Exception {
        HttpResponse<String> response =
                ServiceCalls.call(enforcement, "POST", "/v1/decisions", null, request(ip, identity, resource));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode explain(String ip, String identity, String resource) throws Exception {
        return ok(enforcement, "POST", "/v1/decisions?explain=true", request(ip, identity, resource));
    }

    private static JsonNode onlyPolicy(JsonNode explained) {
        JsonNode policies = explained.path("explain").path("policies");
        assertThat(policies.size()).as(explained.toString()).isEqualTo(1);
        return policies.get(0);
    }

    private JsonNode awaitReason(String ip, String identity, String resource, String reason) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await(reason + " for " + ip + " on " + resource, () -> {
            last[0] = decide(ip, identity, resource);
            return reason.equals(last[0].path("reason").asText());
        });
        return last[0];
    }

    private static void assertDenied(JsonNode decision, String reason) {
        assertThat(decision.get("decision").asText()).as(decision.toString()).isEqualTo("DENY");
        assertThat(decision.get("reason").asText()).as(decision.toString()).isEqualTo(reason);
        assertThat(decision.has("policyId")).as(decision.toString()).isFalse();
    }

    // --- the change log at audit-service

    private List<JsonNode> awaitChanges(String entityType, String entityId, int atLeast) throws Exception {
        List<JsonNode> changes = new ArrayList<>();
        await(atLeast + " " + entityType + " changes of " + entityId + " in the audit log", () -> {
            changes.clear();
            ok(audit, "GET", "/api/audit/changes?entityType=" + entityType + "&entityId=" + entityId, null)
                    .path("changes")
                    .forEach(changes::add);
            return changes.size() >= atLeast;
        });
        return changes;
    }

    // --- HTTP

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + KAFKA.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + KAFKA + ": " + what);
    }

    private HttpResponse<String> call(ServiceProcess service, String method, String path, String body)
            throws Exception {
        return ServiceCalls.call(service, method, path, token, body);
    }

    private JsonNode ok(ServiceProcess service, String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(service, method, path, body);
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
