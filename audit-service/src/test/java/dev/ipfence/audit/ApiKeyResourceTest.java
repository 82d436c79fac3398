package dev.ipfence.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import dev.ipfence.core.events.PolicyState;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API keys of ipfence.rules.v1 authenticate the audit API; their changes are logged without secretHash. */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class ApiKeyResourceTest {

    private final RuleEvents events = new RuleEvents();
    private final String token = TestTokens.token(events.org, TestTokens.READ);

    @AfterEach
    void close() {
        events.close();
    }

    private static Response changes(String apiKey) {
        return given().header("apikey", apiKey).get("/api/audit/changes");
    }

    private static Response awaitStatus(String apiKey, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Response last = changes(apiKey);
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            sleep(50);
            last = changes(apiKey);
        }
        return last;
    }

    @Test
    void aPublishedKeyReadsTheChangeLogUntilItsRevokeEvent() {
        RuleEvents.ApiKey key = events.apiKey(TestTokens.READ);

        awaitStatus(key.secret(), 200).then().statusCode(200);

        events.revoke(key);

        awaitStatus(key.secret(), 401)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("revoked"));
    }

    @Test
    void aKeySeesOnlyItsOrganizationsChangesAndAWrongSecretIs401() {
        RuleEvents.ApiKey key = events.apiKey(TestTokens.READ);
        events.environment();
        awaitChanges(2);

        try (RuleEvents other = new RuleEvents()) {
            RuleEvents.ApiKey theirs = other.apiKey(TestTokens.READ);
            // only their own key's change, at most: nothing of this organization
            awaitStatus(theirs.secret(), 200)
                    .then()
                    .body(
                            "changes.entityId",
                            everyItem(equalTo(theirs.state().id().toString())));
        }
        String secret = key.secret();
        char last = secret.charAt(secret.length() - 1);
        changes(secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A'))
                .then()
                .statusCode(401);
        awaitStatus(secret, 200).then().body("changes", hasSize(2));
    }

    @Test
    void apiKeyAndPolicyChangesAreLoggedAndAKeysSecretHashIsNeverShown() {
        RuleEvents.ApiKey key = events.apiKey(TestTokens.READ);
        events.revoke(key);
        PolicyState policy = events.policy("engineering", List.of("10.0.0.0/8"));

        Response log = awaitChanges(3);
        assertThat(log.asString())
                .doesNotContain("secretHash")
                .doesNotContain(key.state().secretHash());
        given().auth()
                .oauth2(token)
                .queryParam("entityType", "apiKey")
                .get("/api/audit/changes")
                .then()
                .statusCode(200)
                .body("changes", hasSize(2))
                .body("changes[0].change", equalTo("updated"))
                .body("changes[0].entityId", equalTo(key.state().id().toString()))
                .body("changes[0].after.name", equalTo("test key"))
                .body("changes[1].change", equalTo("created"));
        given().auth()
                .oauth2(token)
                .queryParam("entityType", "policy")
                .get("/api/audit/changes")
                .then()
                .statusCode(200)
                .body("changes", hasSize(1))
                .body("changes[0].entityId", equalTo(policy.id().toString()))
                .body("changes[0].after.sourceIps[0]", equalTo("10.0.0.0/8"));
        for (String type : List.of("admissionRule", "policyGroup")) {
            given().auth()
                    .oauth2(token)
                    .queryParam("entityType", type)
                    .get("/api/audit/changes")
                    .then()
                    .statusCode(200);
        }
    }

    private Response awaitChanges(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = given().auth().oauth2(token).get("/api/audit/changes");
            if (last.statusCode() == 200 && last.<List<?>>path("changes").size() >= count) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("change log never had " + count + " entries; last: " + last.asString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
