package dev.ipfence.enforcement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.enforcement.decisions.ForwardAuthListener;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.RuleEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A shared token, and forward-auth on a port of its own (two listeners) as well as on the main port. */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
@TestProfile(SharedTokenResourceTest.WithSharedToken.class)
class SharedTokenResourceTest {

    private static final String TOKEN = "s3cret-proxy-token";

    public static class WithSharedToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ipfence.enforcement.shared-token", TOKEN,
                    "ipfence.enforcement.forward-auth.port", "0",
                    "ipfence.enforcement.forward-auth.listeners", "2");
        }
    }

    @Inject
    ForwardAuthListener listener;

    @Test
    void theForwardAuthPortAnswersAsTheMainPortAndNothingElse() throws InterruptedException {
        assertThat(listener.port()).isPositive().isNotEqualTo(RestAssured.port);
        try (RuleEvents events = new RuleEvents()) {
            UUID env = events.environment();
            events.rule("environment", env, "203.0.113.0/24", "allow", List.of("http"));
            String path = "/v1/forward-auth?environmentId=" + env + "&trafficScope=http";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (onForwardAuthPort("203.0.113.7").get(path).statusCode() != 200) {
                assertThat(System.nanoTime()).as("the rule reached enforcement").isLessThan(deadline);
                Thread.sleep(50);
            }
            // the same answers, headers included, on both ports; the token is needed on both
            for (String client : List.of("203.0.113.7", "198.51.100.1", "not-an-address")) {
                Response main = given().header("X-Ipfence-Token", TOKEN)
                        .header("X-Forwarded-For", client)
                        .get(path);
                Response own = onForwardAuthPort(client).get(path);
                assertThat(own.statusCode()).as(client).isEqualTo(main.statusCode());
                for (String header : List.of("X-Ipfence-Decision", "X-Ipfence-Reason", "X-Ipfence-Rule-Id")) {
                    assertThat(own.header(header)).as(client + " " + header).isEqualTo(main.header(header));
                }
            }
            given().port(listener.port())
                    .header("X-Forwarded-For", "203.0.113.7")
                    .get(path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json");
            onForwardAuthPort("203.0.113.7")
                    .get("/v1/forward-auth?environmentId=not-a-uuid")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("environmentId"));
            onForwardAuthPort("203.0.113.7")
                    .get("/q/health/ready")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    private RequestSpecification onForwardAuthPort(String client) {
        return given().port(listener.port()).header("X-Ipfence-Token", TOKEN).header("X-Forwarded-For", client);
    }

    @Test
    void decisionEndpointsNeedTheSharedTokenWhenOneIsConfigured() {
        String url = "/v1/forward-auth?environmentId=" + UUID.randomUUID();
        given().get(url).then().statusCode(401).contentType("application/problem+json");
        given().header("X-Ipfence-Token", "wrong").get(url).then().statusCode(401);
        given().header("X-Ipfence-Token", "s3cret-proxy-token")
                .header("X-Forwarded-For", "192.0.2.1")
                .get(url)
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "UNKNOWN_ENVIRONMENT");
        given().contentType("application/json")
                .body(Map.of(
                        "ip", "192.0.2.1", "environmentId", UUID.randomUUID().toString()))
                .post("/v1/decisions")
                .then()
                .statusCode(401);
    }

    @Test
    void healthStaysOpenAndReportsTheReplay() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'ipfence rules replay' }.status", equalTo("UP"));
    }
}
