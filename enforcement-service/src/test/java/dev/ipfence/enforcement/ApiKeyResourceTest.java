package dev.ipfence.enforcement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API keys published on ipfence.rules.v1 authenticate here, and stop at their revoke event. */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class ApiKeyResourceTest {

    private final RuleEvents events = new RuleEvents();

    @AfterEach
    void close() {
        events.close();
    }

    private UUID environmentWithARule() {
        UUID env = events.environment();
        events.rule("org", events.org, "10.0.0.0/8", "deny", List.of());
        DecisionResourceTest.awaitDecision(
                env, "10.1.2.3", null, r -> r.path("reason").equals("DENY_RULE"));
        return env;
    }

    private static Response explain(String apiKey, UUID env) {
        return given().urlEncodingEnabled(false)
                .header("apikey", apiKey)
                .contentType(ContentType.JSON)
                .body(Map.of("ip", "10.1.2.3", "environmentId", env.toString()))
                .post("/v1/decisions?explain=true");
    }

    private static Response awaitStatus(String apiKey, UUID env, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Response last = explain(apiKey, env);
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            sleep(20);
            last = explain(apiKey, env);
        }
        return last;
    }

    @Test
    void aPublishedKeyAuthenticatesAnExplanationAndIsRefusedAfterItsRevokeEvent() {
        UUID env = environmentWithARule();
        RuleEvents.ApiKey key = events.apiKey(TestTokens.READ);

        awaitStatus(key.secret(), env, 200)
                .then()
                .statusCode(200)
                .body("explain.takingPart[0].cidr", equalTo("10.0.0.0/8"));

        events.revoke(key);

        awaitStatus(key.secret(), env, 401)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("revoked"));
    }

    @Test
    void aKeyWithoutTheReadRoleIs403AndAnotherOrganizationsEnvironmentIs404() {
        UUID env = environmentWithARule();
        RuleEvents.ApiKey writeOnly = events.apiKey(TestTokens.WRITE);
        awaitStatus(writeOnly.secret(), env, 403).then().statusCode(403);

        try (RuleEvents other = new RuleEvents()) {
            RuleEvents.ApiKey theirs = other.apiKey(TestTokens.READ);
            awaitStatus(theirs.secret(), env, 404).then().statusCode(404);
        }
    }

    @Test
    void aWrongSecretOrAnUnknownKeyIs401() {
        UUID env = environmentWithARule();
        RuleEvents.ApiKey key = events.apiKey(TestTokens.READ);
        awaitStatus(key.secret(), env, 200).then().statusCode(200);

        String secret = key.secret();
        char last = secret.charAt(secret.length() - 1);
        explain(secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A'), env)
                .then()
                .statusCode(401)
                .body("detail", equalTo("The API key is not valid."));
        explain("ipf_" + UUID.randomUUID().toString().replace("-", "") + "_" + "A".repeat(43), env)
                .then()
                .statusCode(401)
                .body("detail", equalTo("The API key is not valid."));
    }

    @Test
    void aMalformedRecordOfAKeyRefusesThatKey() {
        UUID env = environmentWithARule();
        RuleEvents.ApiKey key = events.apiKey(TestTokens.READ);
        awaitStatus(key.secret(), env, 200).then().statusCode(200);

        String id = key.state().id().toString();
        events.raw(
                id,
                "{\"entityType\":\"apiKey\",\"change\":\"updated\",\"id\":\"" + id + "\",\"orgId\":\"" + events.org
                        + "\",\"version\":2,\"deleted\":false,\"actor\":\"x\",\"occurredAt\":\"2030-01-01T00:00:00Z\","
                        + "\"entity\":{\"id\":\"" + id + "\",\"orgId\":\"" + events.org
                        + "\",\"roles\":\"everything\",\"secretHash\":\""
                        + key.state().secretHash() + "\"}}");

        awaitStatus(key.secret(), env, 401).then().statusCode(401);
        // decisions of the organization are not affected by the key's record
        DecisionResourceTest.awaitDecision(
                env, "10.1.2.3", null, r -> r.path("reason").equals("DENY_RULE"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
