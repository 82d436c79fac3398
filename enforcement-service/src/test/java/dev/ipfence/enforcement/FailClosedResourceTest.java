package dev.ipfence.enforcement;

import static dev.ipfence.enforcement.DecisionResourceTest.awaitDecision;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.testing.DevServersProcess;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What enforcement does with records it cannot apply, and while Kafka is away: it fails closed, narrowly. */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class FailClosedResourceTest {

    private final RuleEvents first = new RuleEvents();
    private final RuleEvents second = new RuleEvents();

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void ruleExpiringAfterYear9999FailsClosedOnlyItsOrganizationUntilReplaced() {
        UUID firstEnv = first.environment();
        UUID secondEnv = second.environment();
        first.rule("environment", firstEnv, "203.0.113.0/24", "allow", List.of());
        second.rule("environment", secondEnv, "203.0.113.0/24", "allow", List.of());
        awaitDecision(firstEnv, "203.0.113.5", null, r -> r.path("reason").equals("ALLOW_RULE"));
        awaitDecision(secondEnv, "203.0.113.5", null, r -> r.path("reason").equals("ALLOW_RULE"));

        UUID poison = UUID.randomUUID();
        first.raw(
                poison.toString(),
                first.ruleJson("org", first.org, "192.0.2.1/32", "deny", poison, 1)
                        .replace("\"expiresAt\":null", "\"expiresAt\":\"+294260-01-01T00:00:00Z\""));
        awaitDecision(firstEnv, "203.0.113.5", null, r -> r.path("reason").equals("RULES_UNAVAILABLE"))
                .then()
                .body("decision", equalTo("DENY"));
        RuleState laterDeny = second.rule("org", second.org, "203.0.113.9/32", "deny", List.of());
        awaitDecision(secondEnv, "203.0.113.9", null, r -> r.path("reason").equals("DENY_RULE"))
                .then()
                .body("ruleId", equalTo(laterDeny.id().toString()));
        awaitDecision(secondEnv, "203.0.113.5", null, r -> r.path("reason").equals("ALLOW_RULE"));
        given().get("/v1/quarantine")
                .then()
                .statusCode(200)
                .body("records.find { it.key == '" + poison + "' }.failsClosed", equalTo(first.org.toString()))
                .body(
                        "records.find { it.key == '" + poison + "' }.reason",
                        org.hamcrest.Matchers.containsString("expiresAt"))
                .body("failingClosed", hasItem(first.org.toString()))
                .body("failingClosed", not(hasItem(second.org.toString())));

        first.raw(poison.toString(), first.ruleJson("org", first.org, "192.0.2.1/32", "deny", poison, 2));
        awaitDecision(firstEnv, "203.0.113.5", null, r -> r.path("reason").equals("ALLOW_RULE"));
        awaitDecision(firstEnv, "198.51.100.1", null, r -> r.path("reason").equals("NOT_ALLOWLISTED"));
        given().get("/v1/quarantine").then().body("records.key", not(hasItem(poison.toString())));
    }

    @Test
    void ruleEventWithFieldsFromANewerRuleServiceIsEnforced() {
        UUID env = first.environment();
        UUID id = UUID.randomUUID();
        first.raw(
                id.toString(),
                first.ruleJson("environment", env, "198.51.100.0/24", "deny", id, 1)
                        .replaceFirst("\\{", "{\"schemaRevision\":3,")
                        .replace("\"cidr\":", "\"riskScore\":7,\"source\":{\"feed\":\"x\"},\"cidr\":"));
        awaitDecision(env, "198.51.100.7", null, r -> r.path("reason").equals("DENY_RULE"))
                .then()
                .body("ruleId", equalTo(id.toString()));
    }

    @Test
    void staysReadyAndDecidesFromItsSnapshotWhileKafkaIsDown() {
        UUID env = first.environment();
        first.rule("environment", env, "198.51.100.0/24", "deny", List.of());
        awaitDecision(env, "198.51.100.7", null, r -> r.path("reason").equals("DENY_RULE"));
        DevServersProcess servers = DevServersProcess.shared();
        servers.stopKafka();
        try {
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            awaitDecision(env, "198.51.100.7", null, r -> r.path("reason").equals("DENY_RULE"));
            awaitDecision(env, "192.0.2.7", null, r -> r.path("reason").equals("NO_RULES"));
            given().get("/q/metrics")
                    .then()
                    .body(org.hamcrest.Matchers.containsString("ipfence_matcher_snapshot_age_seconds"));
        } finally {
            servers.startKafka();
        }
        // back: the consumer goes on from where it stopped
        RuleState allow = first.rule("environment", env, "192.0.2.0/24", "allow", List.of());
        awaitDecision(env, "192.0.2.7", null, r -> r.path("reason").equals("ALLOW_RULE"))
                .then()
                .body("ruleId", equalTo(allow.id().toString()));
        awaitDecision(env, "198.51.100.7", null, r -> r.path("reason").equals("DENY_RULE"));
    }
}
