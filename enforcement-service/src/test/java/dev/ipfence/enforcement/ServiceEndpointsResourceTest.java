package dev.ipfence.enforcement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.ServiceEndpointsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class ServiceEndpointsResourceTest extends ServiceEndpointsContract {

    @Test
    void readinessIsTheReplayNotKafka() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("ipfence rules replay"))
                .body("checks.name", not(hasItems("Kafka connection health check")));
    }
}
