package dev.ipfence.rules;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class AdmissionRuleResourceTest {

    static final String BASE = "/api/tenants/admission-rules";
    static final Map<String, Object> WINDOW = Map.of(
            "daysOfWeek", List.of("MONDAY", "FRIDAY"),
            "startTime", "22:00",
            "endTime", "06:00",
            "timeZone", "Europe/Berlin");

    private final Api api = new Api();

    @Test
    void admissionRuleLifecycleWithSeedFieldsAndVersionAsETag() {
        String id = api.admin()
                .body(Map.of(
                        "name", "Engineering Department Access",
                        "rule", "user.department == 'Engineering'",
                        "hasTimeConstraint", false))
                .post(BASE)
                .then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", containsString(BASE + "/"))
                .body("name", equalTo("Engineering Department Access"))
                .body("type", equalTo("ALLOW"))
                .body("rule", equalTo("user.department == 'Engineering'"))
                .body("hasTimeConstraint", equalTo(false))
                .body("timeWindow", nullValue())
                .body("createdBy", equalTo("tester"))
                .body("version", equalTo(1))
                .extract()
                .path("id");
        String createdAt = api.admin().get(BASE + "/" + id).then().extract().path("createdAt");

        api.admin().get(BASE).then().statusCode(200).body("$", hasSize(1)).body("id", hasItem(id));
        api.admin()
                .get(BASE + "/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("id", equalTo(id));

        // seed 003's update has no type: the current one stays
        api.admin()
                .header("If-Match", "\"1\"")
                .body(Map.of(
                        "name",
                        "Night shift",
                        "rule",
                        "user.department == 'Ops'",
                        "hasTimeConstraint",
                        true,
                        "timeWindow",
                        WINDOW))
                .put(BASE + "/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("name", equalTo("Night shift"))
                .body("type", equalTo("ALLOW"))
                .body("hasTimeConstraint", equalTo(true))
                .body("timeWindow.daysOfWeek", equalTo(List.of("MONDAY", "FRIDAY")))
                .body("timeWindow.startTime", equalTo("22:00"))
                .body("timeWindow.endTime", equalTo("06:00"))
                .body("timeWindow.timeZone", equalTo("Europe/Berlin"))
                .body("createdAt", equalTo(createdAt));
        api.admin()
                .body(Map.of("name", "Deny", "type", "DENY", "rule", "true", "hasTimeConstraint", false))
                .put(BASE + "/" + id)
                .then()
                .statusCode(200)
                .body("type", equalTo("DENY"))
                .body("timeWindow", nullValue())
                .body("version", equalTo(3));

        api.admin().delete(BASE + "/" + id).then().statusCode(204);
        api.admin().get(BASE + "/" + id).then().statusCode(404);
        api.admin().delete(BASE + "/" + id).then().statusCode(404);
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void typeDefaultsToAllowAndAcceptsDenyAndCustomOnly() {
        for (String type : List.of("DENY", "CUSTOM")) {
            api.admin()
                    .body(Map.of("name", type, "type", type, "rule", "true", "hasTimeConstraint", false))
                    .post(BASE)
                    .then()
                    .statusCode(201)
                    .body("type", equalTo(type));
        }
        api.admin()
                .body(Map.of("name", "n", "type", "allow", "rule", "true", "hasTimeConstraint", false))
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("type"))
                .body("errors[0].message", equalTo("\"allow\" is not one of ALLOW, DENY, CUSTOM"));
    }

    @Test
    void requiredFieldsAreNamedAndNothingIsWritten() {
        api.admin()
                .body(Map.of())
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("rule"))
                .body("errors.field", hasItem("hasTimeConstraint"));
        api.admin()
                .body(Map.of("name", "x".repeat(256), "rule", "true", "hasTimeConstraint", false))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo("at most 255 characters, got 256"));
        api.admin()
                .body(Map.of("name", "n", "rule", "true", "hasTimeConstraint", false, "color", "red"))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("color"));
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void badTimeWindowIsA400NamingEachField() {
        api.admin()
                .body(Map.of(
                        "name",
                        "n",
                        "rule",
                        "true",
                        "hasTimeConstraint",
                        true,
                        "timeWindow",
                        Map.of(
                                "daysOfWeek", List.of("MONDAY", "Funday"),
                                "startTime", "9:00",
                                "endTime", "17:00",
                                "timeZone", "Mars/Base")))
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        equalTo(List.of("timeWindow.daysOfWeek", "timeWindow.startTime", "timeWindow.timeZone")))
                .body("errors[0].message", containsString("\"Funday\""))
                .body("errors[2].message", startsWith("\"Mars/Base\" is not an IANA time zone"));
        api.admin()
                .body(Map.of("name", "n", "rule", "true", "hasTimeConstraint", true))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("timeWindow"));
        api.admin()
                .body(Map.of("name", "n", "rule", "true", "hasTimeConstraint", false, "timeWindow", WINDOW))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("timeWindow"))
                .body("errors[0].message", equalTo("must be absent when hasTimeConstraint is false"));
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void conditionThatDoesNotParseIsA400WithLineAndColumn() {
        assertBadCondition("user.department ==", "at line 1, column ");
    }

    @Test
    void conditionThatIsNotBoolIsA400() {
        assertBadCondition("user.department", "at line 1, column ").body("errors[0].message", containsString("bool"));
    }

    @Test
    void conditionWithUndeclaredVariableIsA400() {
        assertBadCondition("nosuch.x == 'a'", "at line 1, column 1")
                .body("errors[0].message", containsString("undeclared reference"));
    }

    @Test
    void badConditionOnUpdateChangesNothing() {
        UUID id = api.admissionRule("r", "user.department == 'Engineering'");
        api.admin()
                .body(Map.of("name", "r", "rule", "user.department ==", "hasTimeConstraint", false))
                .put(BASE + "/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("rule"));
        api.admin()
                .get(BASE + "/" + id)
                .then()
                .body("rule", equalTo("user.department == 'Engineering'"))
                .body("version", equalTo(1));
    }

    @Test
    void staleIfMatchIsA412AndChangesNothing() {
        UUID id = api.admissionRule("r", "true");
        Map<String, Object> body = Map.of("name", "changed", "rule", "true", "hasTimeConstraint", false);
        api.admin().body(body).put(BASE + "/" + id).then().statusCode(200).header("ETag", "\"2\"");
        api.admin()
                .header("If-Match", "\"1\"")
                .body(body)
                .put(BASE + "/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json");
        api.admin().header("If-Match", "\"1\"").delete(BASE + "/" + id).then().statusCode(412);
        api.admin().header("If-Match", "\"2\"").delete(BASE + "/" + id).then().statusCode(204);
    }

    @Test
    void anotherOrganizationsRuleIsNotFound() {
        UUID id = api.admissionRule("mine", "true");
        Api other = new Api();
        other.admin().get(BASE + "/" + id).then().statusCode(404).contentType("application/problem+json");
        other.admin()
                .body(Map.of("name", "theirs", "rule", "true", "hasTimeConstraint", false))
                .put(BASE + "/" + id)
                .then()
                .statusCode(404);
        other.admin().delete(BASE + "/" + id).then().statusCode(404);
        other.admin().get(BASE).then().body("$", hasSize(0));
        api.admin().get(BASE + "/" + id).then().statusCode(200).body("name", equalTo("mine"));
    }

    @Test
    void deletingARuleAPolicyUsesIsA409NamingThePolicies() {
        UUID rule = api.admissionRule("r", "true");
        UUID first = api.policy("first", Map.of("rule", rule.toString()));
        UUID second = api.policy("second", Map.of("rule", rule.toString()));
        List<String> ids =
                List.of(first.toString(), second.toString()).stream().sorted().toList();
        api.admin()
                .delete(BASE + "/" + rule)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ipfence.dev/problems/in-use"))
                .body("detail", startsWith("The admission rule is used by 2 policies: "))
                .body("detail", containsString(first + " (first)"))
                .body("detail", containsString(second + " (second)"))
                .body("usedBy.id", equalTo(ids))
                .body("usedBy.name", hasItem("first"));
        api.admin().get(BASE + "/" + rule).then().statusCode(200);

        api.admin().delete("/api/tenants/policies/" + first).then().statusCode(204);
        api.admin().delete("/api/tenants/policies/" + second).then().statusCode(204);
        api.admin().delete(BASE + "/" + rule).then().statusCode(204);
    }

    @Test
    void readsNeedReadAndChangesNeedWrite() {
        String readOnly = TestTokens.token(api.org, TestTokens.READ);
        String writeOnly = TestTokens.token(api.org, TestTokens.WRITE);
        Map<String, Object> body = Map.of("name", "n", "rule", "true", "hasTimeConstraint", false);
        api.as(readOnly).body(body).post(BASE).then().statusCode(403);
        api.as(writeOnly).get(BASE).then().statusCode(403);
        UUID id = api.admissionRule("n", "true");
        api.as(writeOnly).get(BASE + "/" + id).then().statusCode(403);
        api.as(readOnly).body(body).put(BASE + "/" + id).then().statusCode(403);
        api.as(readOnly).delete(BASE + "/" + id).then().statusCode(403);
        api.as(readOnly).get(BASE + "/" + id).then().statusCode(200);
        io.restassured.RestAssured.given().get(BASE).then().statusCode(401);
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .body(body)
                .post(BASE)
                .then()
                .statusCode(401);
    }

    @Test
    void quotaOfAdmissionRulesPerOrganization() {
        // the test profile sets ipfence.rules.quota.admission-rules=5
        for (int i = 0; i < 5; i++) {
            api.admissionRule("r" + i, "true");
        }
        QuotaResourceTest.assertQuotaExceeded(
                api.admin()
                        .body(Map.of("name", "one too many", "rule", "true", "hasTimeConstraint", false))
                        .post(BASE),
                "ipfence.rules.quota.admission-rules",
                5,
                5,
                1,
                "The organization holds 5 admission rules; the limit is 5 (ipfence.rules.quota.admission-rules):"
                        + " adding 1 would pass it, 0 fit. Nothing was created.");
        api.admin().get(BASE).then().body("$", hasSize(5));
        new Api().admissionRule("another organization", "true");
    }

    private io.restassured.response.ValidatableResponse assertBadCondition(String condition, String where) {
        io.restassured.response.ValidatableResponse response = api.admin()
                .body(Map.of("name", "n", "rule", condition, "hasTimeConstraint", false))
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("rule"))
                .body("errors[0].message", containsString(where));
        api.admin().get(BASE).then().body("$", hasSize(0));
        return response;
    }
}
