package dev.ipfence.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class ServiceEndpointsResourceTest {

    @Test
    void readinessIsUpWithPostgresAndBothConsumersChecked() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.name",
                        hasItems(
                                "Reactive PostgreSQL connections health check",
                                "SmallRye Reactive Messaging - readiness check"))
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        hasKey("ipfence.blocked-attempts.v1"))
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        hasKey("ipfence.rules.v1"));
    }

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
                .body("paths", org.hamcrest.Matchers.hasKey("/api/me"));
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
