package dev.ipfence.rules;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class PolicyResourceTest {

    static final String BASE = "/api/tenants/policies";

    private final Api api = new Api();

    @Test
    void policyLifecycleWithEverySeedFieldAndVersionAsETag() {
        UUID group = api.group("engineering");
        UUID rule = api.admissionRule("Engineering Department Access", "user.department == 'Engineering'");
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Engineering Team Access");
        body.put("description", "Allows engineering team to access development resources");
        body.put("type", "PRIVATE");
        body.put("mode", "LOCAL");
        body.put("action", true);
        body.put("allGroups", false);
        body.put("allUsers", false);
        body.put("allDevices", false);
        body.put("allResources", false);
        body.put("groups", List.of(group.toString()));
        body.put("users", List.of("550e8400-e29b-41d4-a716-446655440001"));
        body.put("devices", List.of("laptop-17"));
        body.put("resources", List.of("wiki"));
        body.put("sourceIps", List.of("192.168.1.0/24", "10.0.0.7", "2001:DB8::/32", "10.1.0.1-10.1.0.9"));
        body.put("rule", rule.toString());
        String id = api.admin()
                .body(body)
                .post(BASE)
                .then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", containsString(BASE + "/"))
                .body("name", equalTo("Engineering Team Access"))
                .body("description", equalTo("Allows engineering team to access development resources"))
                .body("type", equalTo("PRIVATE"))
                .body("mode", equalTo("LOCAL"))
                .body("action", equalTo(true))
                .body("allGroups", equalTo(false))
                .body("groups", equalTo(List.of(group.toString())))
                .body("users", equalTo(List.of("550e8400-e29b-41d4-a716-446655440001")))
                .body("devices", equalTo(List.of("laptop-17")))
                .body("resources", equalTo(List.of("wiki")))
                .body("gateways", equalTo(List.of()))
                .body(
                        "sourceIps",
                        equalTo(List.of("192.168.1.0/24", "10.0.0.7/32", "2001:db8::/32", "10.1.0.1-10.1.0.9")))
                .body("rule", equalTo(rule.toString()))
                .body("version", equalTo(1))
                .extract()
                .path("id");

        api.admin().get(BASE).then().statusCode(200).body("$", hasSize(1)).body("id", hasItem(id));
        api.admin()
                .get(BASE + "/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("rule", equalTo(rule.toString()));

        api.admin()
                .header("If-Match", "\"1\"")
                .body(Map.of(
                        "name",
                        "Remote",
                        "type",
                        "SAAS",
                        "mode",
                        "RESTRICTED",
                        "action",
                        false,
                        "allUsers",
                        true,
                        "allResources",
                        true,
                        "gateways",
                        List.of("gw-1"),
                        "sourceIps",
                        List.of("203.0.113.0/24")))
                .put(BASE + "/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("name", equalTo("Remote"))
                .body("type", equalTo("SAAS"))
                .body("mode", equalTo("RESTRICTED"))
                .body("action", equalTo(false))
                .body("allUsers", equalTo(true))
                .body("groups", equalTo(List.of()))
                .body("rule", nullValue());
        // the policy let go of its group and rule
        api.admin().delete("/api/tenants/groups/" + group).then().statusCode(204);
        api.admin().delete("/api/tenants/admission-rules/" + rule).then().statusCode(204);

        api.admin().delete(BASE + "/" + id).then().statusCode(204);
        api.admin().get(BASE + "/" + id).then().statusCode(404);
        api.admin().delete(BASE + "/" + id).then().statusCode(404);
    }

    @Test
    void badSourceIpsAreA400NamingTheEntryAndValue() {
        assertBad(Map.of("sourceIps", List.of("10.0.0.0/8", "010.0.0.1")), "sourceIps[1]")
                .body("errors[0].message", containsString("\"010.0.0.1\""));
        assertBad(Map.of("sourceIps", List.of("10.0.0.5/24")), "sourceIps[0]")
                .body("errors[0].message", containsString("did you mean 10.0.0.0/24?"));
        assertBad(Map.of("sourceIps", List.of("10.0.0.9-10.0.0.1")), "sourceIps[0]");
        assertBad(Map.of("sourceIps", List.of("fe80::1%eth0")), "sourceIps[0]");
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void restrictedModeNeedsGatewaysAndSourceIpsAndLocalModeRefusesGateways() {
        assertBad(Map.of("mode", "RESTRICTED"), "gateways")
                .body("errors.field", equalTo(List.of("gateways", "sourceIps")));
        assertBad(Map.of("mode", "RESTRICTED", "gateways", List.of("gw-1")), "sourceIps");
        assertBad(Map.of("mode", "LOCAL", "gateways", List.of("gw-1")), "gateways");
        assertBad(Map.of("mode", "remote"), "mode");
        api.admin().get(BASE).then().body("$", hasSize(0));
        api.policy(
                "restricted",
                Map.of("mode", "RESTRICTED", "gateways", List.of("gw-1"), "sourceIps", List.of("10.0.0.0/8")));
        api.policy("remote", Map.of("mode", "REMOTE", "gateways", List.of("gw-1")));
    }

    @Test
    void requiredFieldsEnumsAndListSizesAreChecked() {
        api.admin()
                .body(Map.of())
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("type"))
                .body("errors.field", hasItem("action"));
        assertBad(Map.of("type", "PUBLIC"), "type")
                .body("errors[0].message", equalTo("\"PUBLIC\" is not one of PRIVATE, SAAS, INTERNET, SITETOSITE"));
        assertBad(Map.of("users", Collections.nCopies(1001, "u")), "users")
                .body("errors[0].message", equalTo("at most 1000 entries, got 1001"));
        assertBad(Map.of("resources", List.of("x".repeat(257))), "resources[0]");
        assertBad(Map.of("groups", List.of("not-a-uuid")), "groups[0]")
                .body("errors[0].message", equalTo("\"not-a-uuid\" is not a policy group id (a UUID)"));
        assertBad(Map.of("rule", "42"), "rule")
                .body("errors[0].message", equalTo("\"42\" is not an admission rule id (a UUID)"));
        assertBad(Map.of("allUsers", "sometimes"), "allUsers");
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void unknownAndForeignGroupsAndRulesAreA400ThatCannotTellThemApart() {
        Api other = new Api();
        UUID foreignGroup = other.group("theirs");
        UUID foreignRule = other.admissionRule("theirs", "true");
        UUID unknownGroup = UUID.randomUUID();
        UUID unknownRule = UUID.randomUUID();
        UUID mine = api.group("mine");

        assertBad(
                        Map.of("groups", List.of(mine.toString(), foreignGroup.toString(), unknownGroup.toString())),
                        "groups[1]")
                .body("errors.field", equalTo(List.of("groups[1]", "groups[2]")))
                .body(
                        "errors[0].message",
                        equalTo("\"" + foreignGroup + "\" is not a policy group of this organization"))
                .body(
                        "errors[1].message",
                        equalTo("\"" + unknownGroup + "\" is not a policy group of this organization"));
        assertBad(Map.of("rule", foreignRule.toString()), "rule")
                .body(
                        "errors[0].message",
                        equalTo("\"" + foreignRule + "\" is not an admission rule of this organization"));
        assertBad(Map.of("rule", unknownRule.toString()), "rule")
                .body(
                        "errors[0].message",
                        equalTo("\"" + unknownRule + "\" is not an admission rule of this organization"));

        UUID policy = api.policy("p", Map.of("groups", List.of(mine.toString())));
        api.admin()
                .body(Map.of(
                        "name", "p", "type", "PRIVATE", "action", true, "groups", List.of(foreignGroup.toString())))
                .put(BASE + "/" + policy)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("groups[0]"));
        api.admin()
                .get(BASE + "/" + policy)
                .then()
                .body("groups", equalTo(List.of(mine.toString())))
                .body("version", equalTo(1));
        api.admin().get(BASE).then().body("$", hasSize(1));
    }

    @Test
    void staleIfMatchIsA412AndChangesNothing() {
        UUID id = api.policy("p", Map.of());
        api.admin()
                .header("If-Match", "W/\"2\"")
                .body(Map.of("name", "changed", "type", "PRIVATE", "action", true))
                .put(BASE + "/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json");
        api.admin().header("If-Match", "\"2\"").delete(BASE + "/" + id).then().statusCode(412);
        api.admin()
                .header("If-Match", "banana")
                .delete(BASE + "/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("If-Match"));
        api.admin().get(BASE + "/" + id).then().body("name", equalTo("p"));
        api.admin().header("If-Match", "\"1\"").delete(BASE + "/" + id).then().statusCode(204);
    }

    @Test
    void anotherOrganizationsPolicyIsNotFound() {
        UUID id = api.policy("mine", Map.of());
        Api other = new Api();
        other.admin().get(BASE + "/" + id).then().statusCode(404);
        other.admin()
                .body(Map.of("name", "theirs", "type", "PRIVATE", "action", false))
                .put(BASE + "/" + id)
                .then()
                .statusCode(404);
        other.admin().delete(BASE + "/" + id).then().statusCode(404);
        other.admin().get(BASE).then().body("$", hasSize(0));
        api.admin().get(BASE + "/" + id).then().statusCode(200).body("name", equalTo("mine"));
    }

    @Test
    void readsNeedReadAndChangesNeedWrite() {
        String readOnly = TestTokens.token(api.org, TestTokens.READ);
        String writeOnly = TestTokens.token(api.org, TestTokens.WRITE);
        Map<String, Object> body = Map.of("name", "p", "type", "PRIVATE", "action", true);
        api.as(readOnly).body(body).post(BASE).then().statusCode(403);
        api.as(writeOnly).get(BASE).then().statusCode(403);
        UUID id = api.policy("p", Map.of());
        api.as(readOnly).body(body).put(BASE + "/" + id).then().statusCode(403);
        api.as(readOnly).delete(BASE + "/" + id).then().statusCode(403);
        api.as(readOnly).get(BASE + "/" + id).then().statusCode(200);
        io.restassured.RestAssured.given().get(BASE).then().statusCode(401);
    }

    @Test
    void quotaOfPoliciesPerOrganization() {
        // the test profile sets ipfence.rules.quota.policies=5
        for (int i = 0; i < 5; i++) {
            api.policy("p" + i, Map.of());
        }
        QuotaResourceTest.assertQuotaExceeded(
                api.admin()
                        .body(Map.of("name", "one too many", "type", "PRIVATE", "action", true))
                        .post(BASE),
                "ipfence.rules.quota.policies",
                5,
                5,
                1,
                "The organization holds 5 policies; the limit is 5 (ipfence.rules.quota.policies): adding 1 would"
                        + " pass it, 0 fit. Nothing was created.");
        api.admin().get(BASE).then().body("$", hasSize(5));
    }

    /** A create from a valid body with {@code fields} on top is a 400 naming {@code field} first. */
    private ValidatableResponse assertBad(Map<String, ?> fields, String field) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "p", "type", "PRIVATE", "action", true));
        body.putAll(fields);
        return api.admin()
                .body(body)
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field));
    }
}
