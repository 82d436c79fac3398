package dev.ipfence.rules;

import static io.restassured.RestAssured.given;

import dev.ipfence.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Test fixtures: one organization with an admin token, and helpers to build its hierarchy. */
final class Api {

    final UUID org = UUID.randomUUID();
    final String admin = TestTokens.admin(org);

    RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    RequestSpecification admin() {
        return as(admin);
    }

    UUID project(String name) {
        return UUID.fromString(admin().body(Map.of("name", name))
                .post("/api/projects")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    UUID environment(UUID project, String name) {
        return UUID.fromString(admin().body(Map.of("name", name))
                .post("/api/projects/" + project + "/environments")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    /** Creates a rule at {@code scopePath} ({@code org}, {@code projects/ID}, {@code environments/ID}). */
    UUID rule(String scopePath, Map<String, ?> body) {
        return UUID.fromString(admin().body(body)
                .post("/api/" + scopePath + "/ip-access-rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    /** Creates at {@code /api/tenants/KIND} ({@code admission-rules}, {@code groups}, {@code policies}). */
    UUID tenant(String kind, Map<String, ?> body) {
        return UUID.fromString(admin().body(body)
                .post("/api/tenants/" + kind)
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    UUID admissionRule(String name, String condition) {
        return tenant("admission-rules", Map.of("name", name, "rule", condition, "hasTimeConstraint", false));
    }

    UUID group(String name) {
        return tenant("groups", Map.of("name", name, "maxDevices", 10, "idpMapping", java.util.List.of(name)));
    }

    UUID policy(String name, Map<String, ?> fields) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "type", "PRIVATE", "action", true));
        body.putAll(fields);
        return tenant("policies", body);
    }
}
