package dev.ipfence.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class ServiceEndpointsResourceTest extends ServiceEndpointsContract {

    @Test
    void readinessIsUpWithPostgresAndEveryConsumerChecked() {
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
                        allOf(
                                hasKey("ipfence.blocked-attempts.v1$1"),
                                hasKey("ipfence.blocked-attempts.v1$2"),
                                hasKey("ipfence.blocked-attempts.v1$3")))
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        hasKey("ipfence.rules.v1"));
    }
}
