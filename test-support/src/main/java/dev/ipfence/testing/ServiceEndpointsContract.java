package dev.ipfence.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every ipfence service answers besides its API: liveness, Prometheus metrics, its OpenAPI
 * document and {@code /api/me} behind a bearer token. A service's test extends this and adds its
 * own readiness checks (which differ: what each service waits for).
 */
public abstract class ServiceEndpointsContract {

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/me"));
    }

    @Test
    void signedTokenReachesTheAuthenticatedApiAndNoTokenIsA401() {
        UUID org = UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.admin(org))
                .when()
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("orgId", equalTo(org.toString()));
        given().when().get("/api/me").then().statusCode(401).contentType("application/problem+json");
    }
}
