package dev.ipfence.rules;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class HierarchyResourceTest {

    private final Api api = new Api();

    @Test
    void projectsAndEnvironmentsAreCreatedListedRenamedAndDeleted() {
        UUID project = api.project("shop");
        api.admin()
                .get("/api/projects/" + project)
                .then()
                .statusCode(200)
                .body("name", equalTo("shop"))
                .body("createdBy", equalTo("tester"))
                .body("version", equalTo(1));
        api.admin()
                .get("/api/projects")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("projects.id", hasItem(project.toString()));

        UUID env = api.environment(project, "production");
        api.admin()
                .get("/api/environments/" + env)
                .then()
                .statusCode(200)
                .body("projectId", equalTo(project.toString()))
                .body("name", equalTo("production"));
        api.admin()
                .get("/api/projects/" + project + "/environments")
                .then()
                .statusCode(200)
                .body("total", equalTo(1));

        api.admin()
                .body(Map.of("name", "prod"))
                .patch("/api/environments/" + env)
                .then()
                .statusCode(200)
                .body("name", equalTo("prod"))
                .body("version", equalTo(2));
        api.admin()
                .body(Map.of("name", "web shop"))
                .patch("/api/projects/" + project)
                .then()
                .statusCode(200)
                .body("name", equalTo("web shop"));

        api.admin().delete("/api/environments/" + env).then().statusCode(204);
        api.admin().get("/api/environments/" + env).then().statusCode(404);
        api.admin().delete("/api/projects/" + project).then().statusCode(204);
        api.admin().get("/api/projects/" + project).then().statusCode(404);
    }

    @Test
    void deletingAnEnvironmentOrProjectThatHoldsRulesIsAConflictUnlessCascade() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        UUID rule = api.rule("environments/" + env, Map.of("cidr", "10.0.0.0/8"));
        api.rule("projects/" + project, Map.of("cidr", "10.1.0.0/16"));

        api.admin()
                .delete("/api/environments/" + env)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        equalTo("The environment still has 1 IP rules: delete them first, or delete with"
                                + " ?cascade=true to delete them too."));
        api.admin().delete("/api/projects/" + project).then().statusCode(409);

        api.admin().delete("/api/projects/" + project + "?cascade=true").then().statusCode(204);
        api.admin().get("/api/environments/" + env).then().statusCode(404);
        api.admin()
                .get("/api/environments/" + env + "/ip-access-rules/" + rule)
                .then()
                .statusCode(404);
    }

    @Test
    void anotherOrganizationsProjectAndEnvironmentAreNotFound() {
        UUID project = api.project("mine");
        UUID env = api.environment(project, "mine");
        Api other = new Api();
        other.admin().get("/api/projects/" + project).then().statusCode(404);
        other.admin().get("/api/environments/" + env).then().statusCode(404);
        other.admin()
                .body(Map.of("name", "stolen"))
                .patch("/api/projects/" + project)
                .then()
                .statusCode(404);
        other.admin().delete("/api/environments/" + env).then().statusCode(404);
        other.admin()
                .body(Map.of("name", "x"))
                .post("/api/projects/" + project + "/environments")
                .then()
                .statusCode(404);
        other.admin().get("/api/projects").then().statusCode(200).body("projects.id", not(hasItem(project.toString())));
    }

    @Test
    void namesAreValidated() {
        api.admin()
                .body(Map.of("name", ""))
                .post("/api/projects")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("name"));
        api.admin()
                .body(Map.of("name", "a\u0007b"))
                .post("/api/projects")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        // half of a surrogate pair, escaped in the JSON: no character, so PostgreSQL and the event would differ
        api.admin()
                .body("{\"name\": \"shop \\udeab\"}")
                .post("/api/projects")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", startsWith("not valid Unicode: a lone surrogate U+DEAB at position 5"));
        api.admin()
                .body("{\"name\": \"shop \\ud83d\\udeab\"}")
                .post("/api/projects")
                .then()
                .statusCode(201)
                .body("name", equalTo("shop \ud83d\udeab"));
        api.admin()
                .body(Map.of("title", "x"))
                .post("/api/projects")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("title"))
                .body("errors[0].message", equalTo("unknown field \"title\""));
        api.admin()
                .body("{not json")
                .post("/api/projects")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void changesNeedTheWriteRoleAndReadsTheReadRole() {
        api.as(TestTokens.token(api.org, TestTokens.READ))
                .body(Map.of("name", "x"))
                .post("/api/projects")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        api.as(TestTokens.token(api.org, TestTokens.WRITE))
                .get("/api/projects")
                .then()
                .statusCode(403);
        api.as(TestTokens.token(api.org, TestTokens.READ))
                .get("/api/projects")
                .then()
                .statusCode(200);
    }
}
