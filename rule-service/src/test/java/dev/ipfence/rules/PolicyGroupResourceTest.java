package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class PolicyGroupResourceTest {

    static final String BASE = "/api/tenants/groups";

    private final Api api = new Api();

    @Test
    void groupLifecycleWithSeedFieldsAndVersionAsETag() {
        String id = api.admin()
                .body(Map.of(
                        "name",
                        "Engineering Team",
                        "description",
                        "Team responsible for software development and engineering",
                        "maxDevices",
                        10,
                        "isSamlDefaultGroup",
                        false,
                        "idpMapping",
                        List.of("engineering-team", "dev-team")))
                .post(BASE)
                .then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", containsString(BASE + "/"))
                .body("name", equalTo("Engineering Team"))
                .body("description", equalTo("Team responsible for software development and engineering"))
                .body("maxDevices", equalTo(10))
                .body("isSamlDefaultGroup", equalTo(false))
                .body("idpMapping", equalTo(List.of("engineering-team", "dev-team")))
                .body("createdBy", equalTo("tester"))
                .body("version", equalTo(1))
                .extract()
                .path("id");

        api.admin().get(BASE).then().statusCode(200).body("$", hasSize(1)).body("id", hasItem(id));
        api.admin().get(BASE + "/" + id).then().statusCode(200).header("ETag", "\"1\"");

        // a replacement: what it leaves out is empty or false
        api.admin()
                .header("If-Match", "\"1\"")
                .body(Map.of("name", "Everyone", "maxDevices", 0, "isSamlDefaultGroup", true))
                .put(BASE + "/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("name", equalTo("Everyone"))
                .body("description", nullValue())
                .body("maxDevices", equalTo(0))
                .body("isSamlDefaultGroup", equalTo(true))
                .body("idpMapping", equalTo(List.of()));

        api.admin().delete(BASE + "/" + id).then().statusCode(204);
        api.admin().get(BASE + "/" + id).then().statusCode(404);
        api.admin().delete(BASE + "/" + id).then().statusCode(404);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1001 | must be a whole number from 0 to 1000, got 1001",
                "-1 | must be a whole number from 0 to 1000, got -1",
                "1.5 | must be a whole number from 0 to 1000, got 1.5",
                "1e400 | must be a whole number from 0 to 1000, got 1E+400",
                "null | is required: a whole number from 0 to 1000",
            })
    void maxDevicesIsAWholeNumberFromZeroToAThousand(String json, String message) {
        api.admin()
                .body("{\"name\": \"g\", \"maxDevices\": " + json + "}")
                .post(BASE)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("maxDevices"))
                .body("errors[0].message", equalTo(message));
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void idpMappingAndNamesAreLimited() {
        api.admin()
                .body(Map.of("name", "g", "maxDevices", 1, "idpMapping", Collections.nCopies(1001, "team")))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("idpMapping"))
                .body("errors[0].message", equalTo("at most 1000 entries, got 1001"));
        api.admin()
                .body(Map.of("name", "g", "maxDevices", 1, "idpMapping", List.of("ok", "x".repeat(257))))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("idpMapping[1]"))
                .body("errors[0].message", equalTo("at most 256 characters, got 257"));
        api.admin()
                .body(Map.of("maxDevices", 1))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void staleIfMatchIsA412AndChangesNothing() {
        UUID id = api.group("g");
        api.admin()
                .header("If-Match", "\"7\"")
                .body(Map.of("name", "changed", "maxDevices", 1))
                .put(BASE + "/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json")
                .body("detail", equalTo("The policy group is at version 1, not 7 (If-Match): read it again."));
        api.admin().header("If-Match", "\"7\"").delete(BASE + "/" + id).then().statusCode(412);
        api.admin().get(BASE + "/" + id).then().body("name", equalTo("g")).body("version", equalTo(1));
    }

    @Test
    void anotherOrganizationsGroupIsNotFound() {
        UUID id = api.group("mine");
        Api other = new Api();
        other.admin().get(BASE + "/" + id).then().statusCode(404);
        other.admin()
                .body(Map.of("name", "theirs", "maxDevices", 1))
                .put(BASE + "/" + id)
                .then()
                .statusCode(404);
        other.admin().delete(BASE + "/" + id).then().statusCode(404);
        other.admin().get(BASE).then().body("$", hasSize(0));
        api.admin().get(BASE + "/" + id).then().statusCode(200).body("name", equalTo("mine"));
    }

    @Test
    void deletingAGroupAPolicyUsesIsA409NamingThePolicies() {
        UUID group = api.group("engineering");
        UUID unused = api.group("unused");
        UUID policy =
                api.policy("Engineering Team Access", Map.of("groups", List.of(group.toString(), unused.toString())));
        api.admin()
                .delete(BASE + "/" + group)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://ipfence.dev/problems/in-use"))
                .body("status", equalTo(409))
                .body(
                        "detail",
                        startsWith("The policy group is used by 1 policy: " + policy + " (Engineering Team Access)"))
                .body("usedBy", equalTo(List.of(Map.of("id", policy.toString(), "name", "Engineering Team Access"))));
        api.admin().get(BASE + "/" + group).then().statusCode(200);

        // once the policy no longer names it, it can go
        api.admin()
                .body(Map.of(
                        "name",
                        "Engineering Team Access",
                        "type",
                        "PRIVATE",
                        "action",
                        true,
                        "groups",
                        List.of(unused.toString())))
                .put("/api/tenants/policies/" + policy)
                .then()
                .statusCode(200);
        api.admin().delete(BASE + "/" + group).then().statusCode(204);
        api.admin().delete(BASE + "/" + unused).then().statusCode(409);
    }

    @RepeatedTest(5)
    void aGroupDeleteRacingPolicyCreatesNeverLeavesAPolicyNamingAMissingGroup() throws Exception {
        Api org = new Api();
        UUID group = org.group("contended");
        // request 0 deletes the group, the others create policies naming it (quota: 5 policies)
        List<Integer> statuses = QuotaResourceTest.concurrently(5, i -> {
            if (i == 0) {
                var request = org.admin();
                return () -> request.delete(BASE + "/" + group);
            }
            var request = org.admin()
                    .body(Map.of(
                            "name", "p" + i, "type", "PRIVATE", "action", true, "groups", List.of(group.toString())));
            return () -> request.post("/api/tenants/policies");
        });
        List<Integer> creates = statuses.subList(1, statuses.size());
        if (statuses.get(0) == 204) {
            assertThat(creates)
                    .as("the group was deleted, so no policy may name it")
                    .containsOnly(400);
            org.admin().get("/api/tenants/policies").then().body("$", hasSize(0));
        } else {
            assertThat(statuses.get(0)).isEqualTo(409);
            assertThat(creates).isSubsetOf(201, 400).contains(201);
            org.admin().get(BASE + "/" + group).then().statusCode(200);
            org.admin().get("/api/tenants/policies").then().body("$", hasSize((int)
                    creates.stream().filter(s -> s == 201).count()));
        }
    }

    @Test
    void readsNeedReadAndChangesNeedWrite() {
        String readOnly = TestTokens.token(api.org, TestTokens.READ);
        String writeOnly = TestTokens.token(api.org, TestTokens.WRITE);
        Map<String, Object> body = Map.of("name", "g", "maxDevices", 1);
        api.as(readOnly).body(body).post(BASE).then().statusCode(403);
        api.as(writeOnly).get(BASE).then().statusCode(403);
        UUID id = api.group("g");
        api.as(readOnly).body(body).put(BASE + "/" + id).then().statusCode(403);
        api.as(readOnly).delete(BASE + "/" + id).then().statusCode(403);
        api.as(readOnly).get(BASE + "/" + id).then().statusCode(200);
        io.restassured.RestAssured.given().get(BASE + "/" + id).then().statusCode(401);
        io.restassured.RestAssured.given().delete(BASE + "/" + id).then().statusCode(401);
    }

    @Test
    void quotaOfGroupsPerOrganization() {
        // the test profile sets ipfence.rules.quota.groups=5
        for (int i = 0; i < 5; i++) {
            api.group("g" + i);
        }
        QuotaResourceTest.assertQuotaExceeded(
                api.admin()
                        .body(Map.of("name", "one too many", "maxDevices", 1))
                        .post(BASE),
                "ipfence.rules.quota.groups",
                5,
                5,
                1,
                "The organization holds 5 policy groups; the limit is 5 (ipfence.rules.quota.groups): adding 1 would"
                        + " pass it, 0 fit. Nothing was created.");
        api.admin().get(BASE).then().body("$", hasSize(5));
    }
}
