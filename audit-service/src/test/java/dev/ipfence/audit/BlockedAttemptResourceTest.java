package dev.ipfence.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.ipfence.audit.attempts.RetentionJob;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class BlockedAttemptResourceTest {

    private final RuleEvents events = new RuleEvents();
    private final String token = TestTokens.token(events.org, TestTokens.READ);

    @Inject
    RetentionJob retention;

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void attemptsAreListedNewestFirstInTheSeedShape() {
        UUID env = events.environment();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 12; i++) {
            events.blockedAttempt(env, "198.51.100." + i, now.minusSeconds(60 - i), "NOT_ALLOWLISTED", null, 1);
        }
        awaitTotal(env, 12);
        Response page = given().auth().oauth2(token).get("/api/environments/" + env + "/blocked-attempts");
        page.then()
                .statusCode(200)
                .body("total", equalTo(12))
                .body("attempts", hasSize(10))
                .body("attempts[0].ip", equalTo("198.51.100.11"))
                .body("attempts[0].method", equalTo("GET"))
                .body("attempts[0].path", equalTo("/orders"))
                .body("attempts[0].target", equalTo("shop.example"))
                .body("attempts[0].timestamp", equalTo(now.minusSeconds(49).toString()))
                .body("attempts[9].ip", equalTo("198.51.100.2"));
        String next = page.path("nextCursor");
        given().auth()
                .oauth2(token)
                .queryParam("before", next)
                .get("/api/environments/" + env + "/blocked-attempts")
                .then()
                .statusCode(200)
                .body("attempts.ip", equalTo(List.of("198.51.100.1", "198.51.100.0")))
                .body("nextCursor", nullValue());
        given().auth()
                .oauth2(token)
                .queryParam("limit", 3)
                .get("/api/environments/" + env + "/blocked-attempts")
                .then()
                .body("attempts", hasSize(3));
    }

    @Test
    void filtersByAddressOrNetworkAndTime() {
        UUID env = events.environment();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        events.blockedAttempt(env, "203.0.113.5", now.minusSeconds(3600), "DENY_RULE", UUID.randomUUID(), 1);
        events.blockedAttempt(env, "203.0.113.77", now.minusSeconds(60), "NOT_ALLOWLISTED", null, 4);
        events.blockedAttempt(env, "2001:db8::1", now.minusSeconds(30), "NOT_ALLOWLISTED", null, 1);
        events.blockedAttempt(env, "not-an-ip", now.minusSeconds(10), "BAD_CLIENT_IP", null, 1);
        awaitTotal(env, 7);
        String base = "/api/environments/" + env + "/blocked-attempts";
        given().auth()
                .oauth2(token)
                .queryParam("ip", "203.0.113.0/24")
                .get(base)
                .then()
                .body("total", equalTo(5))
                .body("attempts", hasSize(2));
        given().auth()
                .oauth2(token)
                .queryParam("ip", "203.0.113.77")
                .get(base)
                .then()
                .body("total", equalTo(4))
                .body("attempts[0].count", equalTo(4));
        given().auth()
                .oauth2(token)
                .queryParam("ip", "2001:db8::/32")
                .get(base)
                .then()
                .body("total", equalTo(1));
        given().auth()
                .oauth2(token)
                .queryParam("since", now.minusSeconds(120).toString())
                .get(base)
                .then()
                .body("total", equalTo(6));
        given().auth()
                .oauth2(token)
                .queryParam("until", now.minusSeconds(120).toString())
                .get(base)
                .then()
                .body("total", equalTo(1));
        given().auth().oauth2(token).get(base).then().body("attempts[0].ip", equalTo("not-an-ip"));

        given().auth()
                .oauth2(token)
                .queryParam("ip", "010.0.0.1")
                .get(base)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ip"));
        given().auth()
                .oauth2(token)
                .queryParam("since", "yesterday")
                .get(base)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("since"));
        given().auth()
                .oauth2(token)
                .queryParam("limit", 0)
                .get(base)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().auth()
                .oauth2(token)
                .queryParam("before", "garbage")
                .get(base)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("before"));
    }

    @Test
    void topListsTheBusiestAddressesAndRules() {
        UUID env = events.environment();
        UUID rule = UUID.randomUUID();
        Instant now = Instant.now();
        events.blockedAttempt(env, "198.51.100.1", now, "DENY_RULE", rule, 10);
        events.blockedAttempt(env, "198.51.100.2", now, "DENY_RULE", rule, 3);
        events.blockedAttempt(env, "198.51.100.3", now, "NOT_ALLOWLISTED", null, 5);
        awaitTotal(env, 18);
        String base = "/api/environments/" + env + "/blocked-attempts/top";
        given().auth()
                .oauth2(token)
                .get(base + "?by=ip")
                .then()
                .statusCode(200)
                .body("top.key", equalTo(List.of("198.51.100.1", "198.51.100.3", "198.51.100.2")))
                .body("top[0].attempts", equalTo(10));
        given().auth()
                .oauth2(token)
                .get(base + "?by=rule")
                .then()
                .statusCode(200)
                .body("top[0].key", equalTo(rule.toString()))
                .body("top[0].attempts", equalTo(13))
                .body("top[1].key", equalTo("NOT_ALLOWLISTED"));
        given().auth()
                .oauth2(token)
                .get(base + "?by=country")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("by"));
    }

    @Test
    void aReplayedEventIsStoredOnce() {
        UUID env = events.environment();
        BlockedAttemptEvent event =
                events.blockedAttempt(env, "198.51.100.9", Instant.now(), "NOT_ALLOWLISTED", null, 7);
        awaitTotal(env, 7);
        events.send(event);
        events.send(event);
        events.blockedAttempt(env, "198.51.100.10", Instant.now(), "NOT_ALLOWLISTED", null, 1);
        awaitTotal(env, 8);
        given().auth()
                .oauth2(token)
                .get("/api/environments/" + env + "/blocked-attempts")
                .then()
                .body("attempts", hasSize(2));
    }

    @Test
    void anotherOrganizationsEnvironmentIsNotFoundAndReadsNeedTheReadRole() {
        UUID env = events.environment();
        events.blockedAttempt(env, "198.51.100.1", Instant.now(), "NOT_ALLOWLISTED", null, 1);
        awaitTotal(env, 1);
        String other = TestTokens.token(UUID.randomUUID(), TestTokens.READ);
        given().auth()
                .oauth2(other)
                .get("/api/environments/" + env + "/blocked-attempts")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(other)
                .get("/api/environments/" + env + "/blocked-attempts/top")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.token(events.org, TestTokens.WRITE))
                .get("/api/environments/" + env + "/blocked-attempts")
                .then()
                .statusCode(403);
        given().get("/api/environments/" + env + "/blocked-attempts").then().statusCode(401);
    }

    @Test
    void retentionDeletesOnlyAttemptsOlderThanTheCutoff() {
        UUID env = events.environment();
        Instant now = Instant.now();
        events.blockedAttempt(env, "198.51.100.1", now.minus(Duration.ofDays(40)), "NOT_ALLOWLISTED", null, 1);
        events.blockedAttempt(env, "198.51.100.2", now.minus(Duration.ofDays(1)), "NOT_ALLOWLISTED", null, 1);
        awaitTotal(env, 2);
        long deleted =
                retention.deleteFrom(now.minus(Duration.ofDays(30)), 0).await().atMost(Duration.ofSeconds(30));
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        given().auth()
                .oauth2(token)
                .get("/api/environments/" + env + "/blocked-attempts")
                .then()
                .body("total", equalTo(1))
                .body("attempts[0].ip", equalTo("198.51.100.2"));
    }

    private void awaitTotal(UUID env, int total) {
        await(env, r -> r.statusCode() == 200 && ((Number) r.path("total")).intValue() == total);
    }

    private void await(UUID env, Predicate<Response> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = given().auth().oauth2(token).get("/api/environments/" + env + "/blocked-attempts");
            if (until.test(last)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("attempts never as expected; last: " + (last == null ? null : last.asString()));
    }
}
