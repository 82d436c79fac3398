package dev.ipfence.rules;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class RuleResourceTest {

    private final Api api = new Api();

    @Test
    void ruleLifecycleAtEveryScope() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        for (String scope : List.of("org", "projects/" + project, "environments/" + env)) {
            String base = "/api/" + scope + "/ip-access-rules";
            String id = api.admin()
                    .body(Map.of("cidr", "203.0.113.0/24", "label", "office", "trafficScopes", List.of("http")))
                    .post(base)
                    .then()
                    .statusCode(201)
                    .header("ETag", "\"1\"")
                    .header("Location", containsString(base + "/"))
                    .body("cidr", equalTo("203.0.113.0/24"))
                    .body("action", equalTo("allow"))
                    .body("isActive", equalTo(true))
                    .body("label", equalTo("office"))
                    .body(
                            "scope",
                            equalTo(
                                    scope.equals("org")
                                            ? "org"
                                            : scope.startsWith("projects") ? "project" : "environment"))
                    .body(
                            "scopeId",
                            equalTo(scope.equals("org") ? api.org.toString() : scope.substring(scope.indexOf('/') + 1)))
                    .body("trafficScopes", equalTo(List.of("http")))
                    .body("createdBy", equalTo("tester"))
                    .body("version", equalTo(1))
                    .extract()
                    .path("id");

            api.admin()
                    .get(base)
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(1))
                    .body("rules.id", hasItem(id));
            api.admin()
                    .get(base + "/" + id)
                    .then()
                    .statusCode(200)
                    .header("ETag", "\"1\"")
                    .body("id", equalTo(id));

            api.admin()
                    .header("If-Match", "\"1\"")
                    .body(Map.of("isActive", false, "action", "deny"))
                    .put(base + "/" + id)
                    .then()
                    .statusCode(200)
                    .header("ETag", "\"2\"")
                    .body("isActive", equalTo(false))
                    .body("action", equalTo("deny"))
                    .body("label", equalTo("office"))
                    .body("cidr", equalTo("203.0.113.0/24"));
            api.admin()
                    .header("If-Match", "\"1\"")
                    .body(Map.of("label", "stale"))
                    .put(base + "/" + id)
                    .then()
                    .statusCode(412)
                    .contentType("application/problem+json");
            api.admin().get(base + "/" + id).then().body("label", equalTo("office"));

            api.admin().delete(base + "/" + id).then().statusCode(204);
            api.admin().get(base + "/" + id).then().statusCode(404);
            api.admin().delete(base + "/" + id).then().statusCode(404);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.7, 10.0.0.7/32",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1/128",
        "2001:db8:0:0:1:0:0:0/80, 2001:db8:0:0:1::/80",
        "::ffff:10.0.0.0/104, 10.0.0.0/8",
        "::ffff:192.0.2.1, 192.0.2.1/32",
    })
    void addressesAreStoredAndReturnedInCanonicalForm(String input, String canonical) {
        api.admin()
                .body(Map.of("cidr", input))
                .post("/api/org/ip-access-rules")
                .then()
                .statusCode(201)
                .body("cidr", equalTo(canonical));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"010.0.0.1", "10.1", "0x0a000001", "fe80::1%eth0", "[::1]", "10.0.0.0/33", "10.0.0.0/08", "nope"
            })
    void badAddressesAreA400NamingTheFieldAndValueAndChangeNothing(String cidr) {
        api.admin()
                .body(Map.of("cidr", cidr))
                .post("/api/org/ip-access-rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("cidr"))
                .body("errors[0].message", containsString("\"" + cidr + "\""));
        api.admin().get("/api/org/ip-access-rules").then().body("total", equalTo(0));
    }

    @Test
    void hostBitsSetSuggestTheNetwork() {
        api.admin()
                .body(Map.of("cidr", "10.0.0.5/24"))
                .post("/api/org/ip-access-rules")
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("did you mean 10.0.0.0/24?"));
    }

    @Test
    void rangesAreExactAndValidated() {
        String base = "/api/org/ip-access-rules";
        api.admin()
                .body(Map.of("range", Map.of("from", "10.0.0.5", "to", "10.0.0.9"), "action", "deny"))
                .post(base)
                .then()
                .statusCode(201)
                .body("cidr", nullValue())
                .body("range.from", equalTo("10.0.0.5"))
                .body("range.to", equalTo("10.0.0.9"));
        assertBadField(
                api.admin()
                        .body(Map.of("range", Map.of("from", "10.0.0.9", "to", "10.0.0.5")))
                        .post(base)
                        .then(),
                "range");
        assertBadField(
                api.admin()
                        .body(Map.of("range", Map.of("from", "10.0.0.1", "to", "::1")))
                        .post(base)
                        .then(),
                "range");
        assertBadField(
                api.admin()
                        .body(Map.of("range", Map.of("from", "10.0.0.1")))
                        .post(base)
                        .then(),
                "range");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "range", Map.of("from", "10.0.0.1", "to", "10.0.0.2")))
                        .post(base)
                        .then(),
                "cidr");
    }

    @Test
    void everyOtherFieldIsValidated() {
        String base = "/api/org/ip-access-rules";
        assertBadField(api.admin().body(Map.of()).post(base).then(), "cidr");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "action", "block"))
                        .post(base)
                        .then(),
                "action");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "trafficScopes", List.of("HTTP")))
                        .post(base)
                        .then(),
                "trafficScopes");
        assertBadField(
                api.admin()
                        .body(Map.of(
                                "cidr",
                                "10.0.0.0/8",
                                "trafficScopes",
                                List.of(
                                        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p",
                                        "q")))
                        .post(base)
                        .then(),
                "trafficScopes");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "label", "x".repeat(256)))
                        .post(base)
                        .then(),
                "label");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "label", "tab\there"))
                        .post(base)
                        .then(),
                "label");
        // half of a surrogate pair, escaped in the JSON: no character, so PostgreSQL and the event would differ
        api.admin()
                .body("{\"cidr\": \"10.0.0.0/8\", \"label\": \"a\\ud800b\"}")
                .post(base)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("label"))
                .body("errors.message", hasItem("not valid Unicode: a lone surrogate U+D800 at position 1"));
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "ttl", -1))
                        .post(base)
                        .then(),
                "ttl");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "ttl", 60, "expiresAt", "2099-01-01T00:00:00Z"))
                        .post(base)
                        .then(),
                "ttl");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "expiresAt", "2001-01-01T00:00:00Z"))
                        .post(base)
                        .then(),
                "expiresAt");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "expiresAt", "tomorrow"))
                        .post(base)
                        .then(),
                "expiresAt");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "isActive", "maybe"))
                        .post(base)
                        .then(),
                "isActive");
        assertBadField(
                api.admin()
                        .body(Map.of("cidr", "10.0.0.0/8", "color", "red"))
                        .post(base)
                        .then(),
                "color");
        api.admin().get(base).then().body("total", equalTo(0));
    }

    @Test
    void rejectsExpiresAtBeyondYear9999() {
        String base = "/api/org/ip-access-rules";
        String message = "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, got +294260-01-01T00:00:00Z";
        api.admin()
                .body(Map.of("cidr", "192.0.2.1", "action", "deny", "expiresAt", "+294260-01-01T00:00:00Z"))
                .post(base)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("expiresAt"))
                .body("errors[0].message", equalTo(message));
        api.admin().get(base).then().body("total", equalTo(0));

        UUID id = api.rule("org", Map.of("cidr", "192.0.2.1", "action", "deny"));
        api.admin()
                .body(Map.of("expiresAt", "+294260-01-01T00:00:00Z"))
                .put(base + "/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"))
                .body("errors[0].message", equalTo(message));
        api.admin().get(base + "/" + id).then().body("expiresAt", nullValue()).body("version", equalTo(1));
    }

    @Test
    void rejectsExpiresAtFurtherAheadThanTheLongestTtl() {
        String base = "/api/org/ip-access-rules";
        // ipfence.rules.max-ttl-seconds is 315360000 (3650 days)
        Instant tooFar = Instant.now().plus(Duration.ofDays(3651)).truncatedTo(ChronoUnit.SECONDS);
        api.admin()
                .body(Map.of("cidr", "192.0.2.1", "expiresAt", tooFar.toString()))
                .post(base)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"))
                .body(
                        "errors[0].message",
                        startsWith(
                                "must be at most 315360000 seconds (ipfence.rules.max-ttl-seconds) from now, until "))
                .body("errors[0].message", endsWith(", got " + tooFar));
        Instant fits = Instant.now().plus(Duration.ofDays(3649)).truncatedTo(ChronoUnit.SECONDS);
        api.admin()
                .body(Map.of("cidr", "192.0.2.1", "expiresAt", fits.toString()))
                .post(base)
                .then()
                .statusCode(201)
                .body("expiresAt", equalTo(fits.toString()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ttl | 1e400 | must be a whole number of seconds from 0 (never expires) to 315360000, got 1E+400",
                "ttl | 99999999999999999999 | must be a whole number of seconds from 0 (never expires) to 315360000,"
                        + " got 99999999999999999999",
                "ttl | -1e400 | must be a whole number of seconds from 0 (never expires) to 315360000, got -1E+400",
                "ttl | 1.5 | must be a whole number of seconds from 0 (never expires) to 315360000, got 1.5",
                "ttl | 315360001 | must be a whole number of seconds from 0 (never expires) to 315360000, got 315360001",
                "expiresAt | 99999999999999999999 | must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z,"
                        + " got \"99999999999999999999\"",
                "expiresAt | 1e400 | must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z, got \"1e400\"",
                "expiresAt | 1893456000 | must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z,"
                        + " got \"1893456000\"",
                "expiresAt | \"+1000000001-01-01T00:00:00Z\" | must be an RFC 3339 timestamp such as"
                        + " 2030-01-01T00:00:00Z, got \"+1000000001-01-01T00:00:00Z\"",
            })
    void hugeOrOddNumbersAndDatesAreA400NamingTheFieldAndTheRange(String field, String json, String message) {
        api.admin()
                .body("{\"cidr\": \"192.0.2.1\", \"" + field + "\": " + json + "}")
                .post("/api/org/ip-access-rules")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field))
                .body("errors[0].message", equalTo(message));
        api.admin().get("/api/org/ip-access-rules").then().body("total", equalTo(0));
    }

    @Test
    void ttlSetsExpiresAtFromNow() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String expiresAt = api.admin()
                .body(Map.of("cidr", "10.0.0.0/8", "ttl", 3600))
                .post("/api/org/ip-access-rules")
                .then()
                .statusCode(201)
                .extract()
                .path("expiresAt");
        Instant expiry = Instant.parse(expiresAt);
        org.assertj.core.api.Assertions.assertThat(expiry)
                .isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3601));
    }

    @Test
    void anotherOrganizationsRulesAreNotFound() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        UUID orgRule = api.rule("org", Map.of("cidr", "10.0.0.0/8"));
        UUID envRule = api.rule("environments/" + env, Map.of("cidr", "10.0.0.0/8"));
        Api other = new Api();
        other.admin().get("/api/org/ip-access-rules/" + orgRule).then().statusCode(404);
        other.admin().get("/api/org/ip-access-rules").then().body("total", equalTo(0));
        other.admin()
                .get("/api/environments/" + env + "/ip-access-rules")
                .then()
                .statusCode(404);
        other.admin()
                .get("/api/environments/" + env + "/ip-access-rules/" + envRule)
                .then()
                .statusCode(404);
        other.admin()
                .body(Map.of("label", "mine"))
                .put("/api/environments/" + env + "/ip-access-rules/" + envRule)
                .then()
                .statusCode(404);
        other.admin().delete("/api/org/ip-access-rules/" + orgRule).then().statusCode(404);
        other.admin()
                .body(Map.of("cidr", "10.0.0.0/8"))
                .post("/api/projects/" + project + "/ip-access-rules")
                .then()
                .statusCode(404);
        other.admin()
                .get("/api/environments/" + env + "/effective-ip-rules")
                .then()
                .statusCode(404);
        // a rule id from one scope is not found under another scope of the same organization
        api.admin()
                .get("/api/projects/" + project + "/ip-access-rules/" + envRule)
                .then()
                .statusCode(404);
        api.admin().get("/api/org/ip-access-rules/" + orgRule).then().statusCode(200);
    }

    @Test
    void readsNeedReadAndChangesNeedWrite() {
        String readOnly = TestTokens.token(api.org, TestTokens.READ);
        String writeOnly = TestTokens.token(api.org, TestTokens.WRITE);
        api.as(readOnly)
                .body(Map.of("cidr", "10.0.0.0/8"))
                .post("/api/org/ip-access-rules")
                .then()
                .statusCode(403);
        api.as(readOnly)
                .body(Map.of("cidrs", "10.0.0.0/8"))
                .post("/api/org/ip-access-rules/bulk")
                .then()
                .statusCode(403);
        api.as(writeOnly).get("/api/org/ip-access-rules").then().statusCode(403);
        UUID id = api.rule("org", Map.of("cidr", "10.0.0.0/8"));
        api.as(readOnly).delete("/api/org/ip-access-rules/" + id).then().statusCode(403);
        api.as(readOnly)
                .body(Map.of("label", "x"))
                .put("/api/org/ip-access-rules/" + id)
                .then()
                .statusCode(403);
        api.as(readOnly).get("/api/org/ip-access-rules/" + id).then().statusCode(200);
        io.restassured.RestAssured.given()
                .get("/api/org/ip-access-rules")
                .then()
                .statusCode(401);
    }

    @Test
    void bodiesOverTheSizeLimitAreRefused() {
        api.admin()
                .body("{\"cidrs\": \"" + "10.0.0.1\\n".repeat(150_000) + "\"}")
                .post("/api/org/ip-access-rules/bulk")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(413))
                .body("detail", org.hamcrest.Matchers.containsString("max-body-size"));
    }

    private static void assertBadField(ValidatableResponse response, String field) {
        response.statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
