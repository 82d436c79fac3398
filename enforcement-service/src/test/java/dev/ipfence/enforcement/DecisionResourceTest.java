package dev.ipfence.enforcement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.enforcement.state.ChainTableProbe;
import dev.ipfence.enforcement.state.ChainTables;
import dev.ipfence.enforcement.state.RuleStore;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.Metrics;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class DecisionResourceTest {

    private final RuleEvents events = new RuleEvents();

    @Inject
    ChainTables chains;

    @Inject
    RuleStore store;

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void decisionsFollowRuleEventsFromTheTopic() {
        UUID env = events.environment();
        awaitDecision(env, "192.0.2.1", null, r -> r.path("reason").equals("NO_RULES"));

        RuleState allow = events.rule("project", events.project, "192.0.2.0/24", "allow", List.of());
        Response allowed =
                awaitDecision(env, "192.0.2.1", null, r -> r.path("reason").equals("ALLOW_RULE"));
        assertThat(allowed.<String>path("ruleId")).isEqualTo(allow.id().toString());
        assertThat(allowed.<String>path("ruleScope")).isEqualTo("project");
        decide(env, "198.51.100.1", null)
                .then()
                .body("decision", equalTo("DENY"))
                .body("reason", equalTo("NOT_ALLOWLISTED"));

        RuleState deny = events.rule("org", events.org, "192.0.2.128/25", "deny", List.of());
        awaitDecision(env, "192.0.2.200", null, r -> r.path("reason").equals("DENY_RULE"));
        decide(env, "::ffff:192.0.2.200", null)
                .then()
                .body("reason", equalTo("DENY_RULE"))
                .body("ruleId", equalTo(deny.id().toString()));

        events.delete(deny);
        awaitDecision(env, "192.0.2.200", null, r -> r.path("reason").equals("ALLOW_RULE"));
    }

    @Test
    void chainTablesAreBuiltInTheBackgroundAndDecideTheSame() {
        UUID env = events.environment();
        events.rule("project", events.project, "192.0.2.0/24", "allow", List.of());
        RuleState deny = events.rule("org", events.org, "192.0.2.128/25", "deny", List.of());
        events.rule("environment", env, "2001:db8::/32", "deny", List.of());
        events.rule("environment", env, "203.0.113.0/24", "allow", List.of("ssh"));
        awaitDecision(env, "192.0.2.200", null, r -> r.path("reason").equals("DENY_RULE"));
        awaitDecision(env, "203.0.113.5", "ssh", r -> r.path("reason").equals("ALLOW_RULE"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(tableAnswers(env, "192.0.2.1", null) && tableAnswers(env, "192.0.2.1", "ssh"))
                && System.nanoTime() < deadline) {
            decide(env, "192.0.2.1", null);
            decide(env, "192.0.2.1", "ssh");
        }
        assertThat(tableAnswers(env, "192.0.2.1", null))
                .as("a chain table for %s", env)
                .isTrue();
        assertThat(tableAnswers(env, "192.0.2.1", "ssh"))
                .as("a chain table for %s and ssh", env)
                .isTrue();
        // for ssh the environment holds the allow list: the project's allow does not take part
        decide(env, "203.0.113.5", "ssh").then().body("reason", equalTo("ALLOW_RULE"));
        decide(env, "192.0.2.1", "ssh").then().body("reason", equalTo("NOT_ALLOWLISTED"));
        decide(env, "203.0.113.5", "http").then().body("reason", equalTo("NOT_ALLOWLISTED"));
        decide(env, "192.0.2.1", null).then().body("reason", equalTo("ALLOW_RULE"));
        decide(env, "192.0.2.200", null)
                .then()
                .body("reason", equalTo("DENY_RULE"))
                .body("ruleId", equalTo(deny.id().toString()));
        decide(env, "198.51.100.1", null).then().body("reason", equalTo("NOT_ALLOWLISTED"));
        decide(env, "2001:db8::1", null).then().body("reason", equalTo("DENY_RULE"));

        // a change makes the table out of date: the scopes decide until it is built again
        events.delete(deny);
        awaitDecision(env, "192.0.2.200", null, r -> r.path("reason").equals("ALLOW_RULE"));
    }

    private boolean tableAnswers(UUID env, String address, String trafficScope) {
        return ChainTableProbe.answers(chains, store.snapshot(), env, address, trafficScope);
    }

    @Test
    void trafficScopesSelectTheAllowList() {
        UUID env = events.environment();
        events.rule("environment", env, "203.0.113.0/24", "allow", List.of("ssh"));
        events.rule("project", events.project, "198.51.100.0/24", "allow", List.of("http"));
        awaitDecision(env, "203.0.113.5", "ssh", r -> r.path("reason").equals("ALLOW_RULE"));
        awaitDecision(env, "198.51.100.5", "http", r -> r.path("reason").equals("ALLOW_RULE"));
        decide(env, "203.0.113.5", "http").then().body("reason", equalTo("NOT_ALLOWLISTED"));
        decide(env, "203.0.113.5", null).then().body("reason", equalTo("NO_RULES"));
    }

    @Test
    void badClientAddressesAreDeniedNeverAnError() {
        UUID env = events.environment();
        for (String ip : new String[] {"010.0.0.1", "10.1", "fe80::1%eth0", "", "not an ip"}) {
            decide(env, ip, null)
                    .then()
                    .statusCode(200)
                    .body("decision", equalTo("DENY"))
                    .body("reason", equalTo("BAD_CLIENT_IP"));
        }
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of("environmentId", env.toString()))
                .post("/v1/decisions")
                .then()
                .statusCode(200)
                .body("reason", equalTo("BAD_CLIENT_IP"));
    }

    @Test
    void unknownEnvironmentIsDenied() {
        decide(UUID.randomUUID(), "192.0.2.1", null)
                .then()
                .statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("reason", equalTo("UNKNOWN_ENVIRONMENT"));
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of("ip", "192.0.2.1", "environmentId", "nope"))
                .post("/v1/decisions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("environmentId"));
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of("ip", "192.0.2.1"))
                .post("/v1/decisions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("environmentId"));
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "ip", "192.0.2.1", "environmentId", UUID.randomUUID().toString(), "trafficScope", "HTTP"))
                .post("/v1/decisions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("trafficScope"));
    }

    @Test
    void batchAnswersInOrderAndIsCapped() {
        UUID env = events.environment();
        events.rule("environment", env, "192.0.2.0/24", "allow", List.of());
        awaitDecision(env, "192.0.2.1", null, r -> r.path("reason").equals("ALLOW_RULE"));
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "requests",
                        List.of(
                                Map.of("ip", "192.0.2.1", "environmentId", env.toString()),
                                Map.of("ip", "198.51.100.1", "environmentId", env.toString()),
                                Map.of("ip", "bad", "environmentId", env.toString()))))
                .post("/v1/decisions:batch")
                .then()
                .statusCode(200)
                .body("decisions", hasSize(3))
                .body("decisions[0].reason", equalTo("ALLOW_RULE"))
                .body("decisions[1].reason", equalTo("NOT_ALLOWLISTED"))
                .body("decisions[2].reason", equalTo("BAD_CLIENT_IP"));
        List<Map<String, String>> tooMany =
                java.util.Collections.nCopies(1001, Map.of("ip", "192.0.2.1", "environmentId", env.toString()));
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of("requests", tooMany))
                .post("/v1/decisions:batch")
                .then()
                .statusCode(400)
                .body("errors[0].message", equalTo("at most 1000 per batch, got 1001"));
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of("requests", List.of(Map.of("ip", "192.0.2.1", "environmentId", "x"))))
                .post("/v1/decisions:batch")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("requests[0].environmentId"));
    }

    @Test
    void eachDecisionIsCountedByResultAndByTheRuleThatMadeIt() {
        UUID env = events.environment();
        RuleState allow = events.rule("environment", env, "203.0.113.0/24", "allow", List.of());
        awaitDecision(env, "203.0.113.1", null, r -> r.path("reason").equals("ALLOW_RULE"));
        String hits = "ipfence_rule_hits_total{rule_id=\"" + allow.id() + "\"}";
        String allowed = "ipfence_decisions_total{decision=\"ALLOW\",reason=\"ALLOW_RULE\"}";
        String denied = "ipfence_decisions_total{decision=\"DENY\",reason=\"NOT_ALLOWLISTED\"}";
        double hitsBefore = Metrics.value(hits);
        double allowedBefore = Metrics.value(allowed);
        double deniedBefore = Metrics.value(denied);

        for (int i = 1; i <= 3; i++) {
            decide(env, "203.0.113." + i, null).then().body("reason", equalTo("ALLOW_RULE"));
        }
        decide(env, "198.51.100.9", null).then().body("reason", equalTo("NOT_ALLOWLISTED"));

        assertThat(Metrics.value(hits)).isEqualTo(hitsBefore + 3);
        assertThat(Metrics.value(allowed)).isEqualTo(allowedBefore + 3);
        assertThat(Metrics.value(denied)).isEqualTo(deniedBefore + 1);
    }

    @Test
    void aRefusedBatchDecidesNothing() {
        UUID env = events.environment();
        events.rule("environment", env, "192.0.2.0/24", "allow", List.of());
        awaitDecision(env, "192.0.2.1", null, r -> r.path("reason").equals("ALLOW_RULE"));
        String denied = "ipfence_decisions_total{decision=\"DENY\",reason=\"NOT_ALLOWLISTED\"}";
        double before = Metrics.value(denied);

        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "requests",
                        List.of(
                                Map.of("ip", "198.51.100.1", "environmentId", env.toString()),
                                Map.of("ip", "198.51.100.2", "environmentId", env.toString()),
                                Map.of("ip", "198.51.100.3", "environmentId", "not-a-uuid"))))
                .post("/v1/decisions:batch")
                .then()
                .statusCode(400)
                .body("detail", equalTo("The batch is invalid; nothing was decided."))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("requests[2].environmentId"));

        assertThat(Metrics.value(denied))
                .as("no decision of a refused batch is counted (or sent as a blocked attempt)")
                .isEqualTo(before);
        decide(env, "198.51.100.1", null).then().body("reason", equalTo("NOT_ALLOWLISTED"));
        assertThat(Metrics.value(denied)).isEqualTo(before + 1);
    }

    @Test
    void explainListsTheRulesThatTookPartAndMatched() {
        UUID env = events.environment();
        RuleState wide = events.rule("org", events.org, "10.0.0.0/8", "allow", List.of());
        RuleState narrow = events.rule("org", events.org, "10.1.0.0/16", "deny", List.of());
        RuleState other = events.rule("org", events.org, "172.16.0.0/12", "allow", List.of());
        awaitDecision(env, "10.1.2.3", null, r -> r.path("reason").equals("DENY_RULE"));
        given().urlEncodingEnabled(false)
                .auth()
                .oauth2(TestTokens.token(events.org, TestTokens.READ))
                .contentType(ContentType.JSON)
                .body(Map.of("ip", "10.1.2.3", "environmentId", env.toString()))
                .post("/v1/decisions?explain=true")
                .then()
                .statusCode(200)
                .body("ruleId", equalTo(narrow.id().toString()))
                .body("explain.allowListFrom", equalTo("org"))
                .body("explain.takingPartCount", equalTo(3))
                .body("explain.takingPart", hasSize(3))
                .body("explain.matchedCount", equalTo(2))
                .body(
                        "explain.matched.id",
                        equalTo(List.of(narrow.id().toString(), wide.id().toString())));
        assertThat(other.id()).isNotNull();
        decide(env, "10.1.2.3", null).then().body("explain", nullValue());
    }

    @Test
    void explainShowsRulesOnlyToATokenOfTheEnvironmentsOrganization() {
        UUID env = events.environment();
        events.rule("org", events.org, "10.0.0.0/8", "deny", List.of());
        awaitDecision(env, "10.1.2.3", null, r -> r.path("reason").equals("DENY_RULE"));
        Map<String, String> request = Map.of("ip", "10.1.2.3", "environmentId", env.toString());

        explain(null, request).then().statusCode(401).body("status", equalTo(401));
        explain("not-a-token", request).then().statusCode(401);
        explain(TestTokens.token(events.org, TestTokens.WRITE), request).then().statusCode(403);
        explain(TestTokens.token(UUID.randomUUID(), TestTokens.READ), request)
                .then()
                .statusCode(404)
                .body("detail", equalTo("environment " + env + " not found."))
                .body(not(containsString("10.0.0.0")));
        explain(TestTokens.token(events.org, TestTokens.READ), request)
                .then()
                .statusCode(200)
                .body("explain.takingPart[0].cidr", equalTo("10.0.0.0/8"));
    }

    @Test
    void batchExplainIsBoundedAndAuthorizedForEveryEnvironment() {
        UUID env = events.environment();
        awaitDecision(env, "10.1.2.3", null, r -> r.path("reason").equals("NO_RULES"));
        String token = TestTokens.token(events.org, TestTokens.READ);
        Map<String, String> mine = Map.of("ip", "10.1.2.3", "environmentId", env.toString());
        Map<String, String> foreign =
                Map.of("ip", "10.1.2.3", "environmentId", UUID.randomUUID().toString());

        batchExplain(token, List.of(mine, mine))
                .then()
                .statusCode(200)
                .body("decisions", hasSize(2))
                .body("decisions[1].explain.takingPartCount", equalTo(0));
        batchExplain(token, List.of(mine, foreign)).then().statusCode(404);
        batchExplain(token, java.util.Collections.nCopies(101, mine))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("requests"))
                .body("errors[0].message", equalTo("at most 100 per batch with explain=true, got 101"));
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(Map.of("requests", java.util.Collections.nCopies(101, mine)))
                .post("/v1/decisions:batch")
                .then()
                .statusCode(200)
                .body("decisions", hasSize(101));
    }

    private static Response explain(String token, Map<String, String> request) {
        var spec = given().urlEncodingEnabled(false).contentType(ContentType.JSON);
        if (token != null) {
            spec = spec.auth().oauth2(token);
        }
        return spec.body(request).post("/v1/decisions?explain=true");
    }

    private static Response batchExplain(String token, List<Map<String, String>> requests) {
        return given().urlEncodingEnabled(false)
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("requests", requests))
                .post("/v1/decisions:batch?explain=true");
    }

    private static io.restassured.response.Response decide(UUID env, String ip, String trafficScope) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("ip", ip, "environmentId", env.toString()));
        if (trafficScope != null) {
            body.put("trafficScope", trafficScope);
        }
        return given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/decisions");
    }

    static Response awaitDecision(UUID env, String ip, String trafficScope, Predicate<Response> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = decide(env, ip, trafficScope);
            if (last.statusCode() == 200 && until.test(last)) {
                return last;
            }
            sleep(20);
        }
        throw new AssertionError("decision never became as expected; last: " + (last == null ? null : last.asString()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
