package dev.ipfence.enforcement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.testing.IpfenceServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
@TestProfile(SharedTokenResourceTest.WithSharedToken.class)
class SharedTokenResourceTest {

    public static class WithSharedToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ipfence.enforcement.shared-token", "s3cret-proxy-token");
        }
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
