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
    void theSeriesCountsEveryAttemptOfTheRangePerBucketInTheDatabase() {
        UUID env = events.environment();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        // more rows than the largest page: the series counts them all, each by its count
        int rows = 1_050;
        for (int i = 0; i < rows; i++) {
            events.blockedAttempt(env, "198.51.100." + (i % 200), hour.plusSeconds(i), "NOT_ALLOWLISTED", null, 1);
        }
        events.blockedAttempt(env, "203.0.113.9", hour.plus(Duration.ofMinutes(90)), "DENY_RULE", null, 7);
        events.blockedAttempt(env, "203.0.113.9", hour.minusSeconds(1), "DENY_RULE", null, 100);
        awaitTotal(env, rows + 7 + 100);

        Response series = given().auth()
                .oauth2(token)
                .queryParam("since", hour.toString())
                .queryParam("until", hour.plus(Duration.ofHours(3)).toString())
                .queryParam("bucket", "hour")
                .get("/api/environments/" + env + "/blocked-attempts/series");
        series.then()
                .statusCode(200)
                .body("bucket", equalTo("hour"))
                .body("total", equalTo(rows + 7))
                .body("points", hasSize(3))
                .body("points[0].start", equalTo(hour.toString()))
                .body("points[0].attempts", equalTo(rows))
                .body("points[1].start", equalTo(hour.plus(Duration.ofHours(1)).toString()))
                .body("points[1].attempts", equalTo(7))
                .body("points[2].attempts", equalTo(0));

        // per minute, only an address's network: a second environment with fewer attempts a minute
        // than the flood bound, so that every row keeps its address
        UUID quiet = events.environment();
        for (int i = 0; i < 100; i++) {
            String ip = i % 2 == 0 ? "198.51.100." + i : "203.0.113." + i;
            events.blockedAttempt(quiet, ip, hour.plusSeconds(5L * i), "NOT_ALLOWLISTED", null, 1);
        }
        awaitTotal(quiet, 100);
        Response minutes = given().auth()
                .oauth2(token)
                .queryParam("since", hour.toString())
                .queryParam("until", hour.plus(Duration.ofMinutes(20)).toString())
                .queryParam("bucket", "minute")
                .queryParam("ip", "198.51.100.0/24")
                .get("/api/environments/" + quiet + "/blocked-attempts/series");
        minutes.then().statusCode(200).body("points", hasSize(20)).body("total", equalTo(50));
        List<Integer> perMinute = minutes.path("points.attempts");
        // 12 attempts a minute (one every 5 s), every other one from 198.51.100.0/24; 100 end in minute 9
        assertThat(perMinute.subList(0, 8)).containsOnly(6);
        assertThat(perMinute.get(8)).isEqualTo(2);
        assertThat(perMinute.subList(9, 20)).containsOnly(0);
    }

    @Test
    void aSeriesWithABadRangeOrTooManyBucketsIsRefusedNamingTheField() {
        UUID env = events.environment();
        String path = "/api/environments/" + env + "/blocked-attempts/series";
        given().auth()
                .oauth2(token)
                .queryParam("since", "2026-01-15T10:00:00Z")
                .queryParam("until", "2026-01-15T09:00:00Z")
                .get(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("since"));
        given().auth()
                .oauth2(token)
                .queryParam("since", "2026-01-01T00:00:00Z")
                .queryParam("until", "2026-01-15T00:00:00Z")
                .queryParam("bucket", "minute")
                .get(path)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("since"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("ipfence.audit.max-series-buckets"));
        given().auth()
                .oauth2(token)
                .queryParam("bucket", "day")
                .get(path)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("bucket"));
        given().auth()
                .oauth2(token)
                .queryParam("until", "yesterday")
                .get(path)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("until"));
        given().auth()
                .oauth2(TestTokens.token(UUID.randomUUID(), TestTokens.READ))
                .get(path)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.token(events.org, TestTokens.WRITE))
                .get(path)
                .then()
                .statusCode(403);
        given().get(path).then().statusCode(401);
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
