package dev.ipfence.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class ServiceEndpointsResourceTest extends ServiceEndpointsContract {

    @Test
    void readinessIsUpWithItsBackingServersChecked() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check"))
                // writes go to the outbox while Kafka is away (RuleEventsResourceTest stops it)
                .body("checks.name", not(hasItem("Kafka connection health check")));
    }
}
