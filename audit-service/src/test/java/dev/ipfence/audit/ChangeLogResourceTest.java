package dev.ipfence.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class ChangeLogResourceTest {

    private final RuleEvents events = new RuleEvents();
    private final String token = TestTokens.token(events.org, TestTokens.READ);

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void everyChangeIsLoggedWithWhoWhenAndBeforeAfter() {
        UUID env = events.environment();
        RuleState rule = events.rule("environment", env, "192.0.2.0/24", "deny", List.of("ssh"));
        events.delete(rule);
        Response log = awaitChanges(3);
        log.then()
                .statusCode(200)
                .body("changes[0].entityType", equalTo("rule"))
                .body("changes[0].change", equalTo("deleted"))
                .body("changes[0].version", equalTo(2))
                .body("changes[0].before.cidr", equalTo("192.0.2.0/24"))
                .body("changes[0].after", nullValue())
                .body("changes[1].change", equalTo("created"))
                .body("changes[1].actor", equalTo("tester"))
                .body("changes[1].scope", equalTo("environment"))
                .body("changes[1].scopeId", equalTo(env.toString()))
                .body("changes[1].after.action", equalTo("deny"))
                .body("changes[1].before", nullValue())
                .body("changes[2].entityType", equalTo("environment"));

        given().auth()
                .oauth2(token)
                .queryParam("entityId", rule.id().toString())
                .get("/api/audit/changes")
                .then()
                .body("changes", hasSize(2));
        given().auth()
                .oauth2(token)
                .queryParam("entityType", "environment")
                .get("/api/audit/changes")
                .then()
                .body("changes", hasSize(1));
        given().auth()
                .oauth2(token)
                .queryParam("scope", "environment")
                .queryParam("scopeId", env.toString())
                .get("/api/audit/changes")
                .then()
                .body("changes", hasSize(2));
        given().auth()
                .oauth2(token)
                .queryParam("actor", "someone-else")
                .get("/api/audit/changes")
                .then()
                .body("changes", hasSize(0));
        Response first = given().auth().oauth2(token).queryParam("limit", 2).get("/api/audit/changes");
        first.then().body("changes", hasSize(2));
        given().auth()
                .oauth2(token)
                .queryParam("limit", 2)
                .queryParam("before", first.<String>path("nextCursor"))
                .get("/api/audit/changes")
                .then()
                .body("changes", hasSize(1))
                .body("changes[0].entityType", equalTo("environment"));
    }

    @Test
    void onlyTheCallersOrganizationIsShownAndFiltersAreValidated() {
        events.environment();
        awaitChanges(1);
        given().auth()
                .oauth2(TestTokens.token(UUID.randomUUID(), TestTokens.READ))
                .get("/api/audit/changes")
                .then()
                .statusCode(200)
                .body("changes", hasSize(0));
        given().auth()
                .oauth2(token)
                .queryParam("entityType", "widget")
                .get("/api/audit/changes")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("entityType"));
        given().auth()
                .oauth2(token)
                .queryParam("entityId", "x")
                .get("/api/audit/changes")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("entityId"));
        given().auth()
                .oauth2(token)
                .queryParam("until", "soon")
                .get("/api/audit/changes")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("until"));
        given().auth()
                .oauth2(TestTokens.token(events.org, TestTokens.WRITE))
                .get("/api/audit/changes")
                .then()
                .statusCode(403);
    }

    private Response awaitChanges(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = given().auth().oauth2(token).get("/api/audit/changes");
            if (last.statusCode() == 200 && last.<List<?>>path("changes").size() >= count) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("change log never had " + count + " entries; last: " + last.asString());
    }
}
