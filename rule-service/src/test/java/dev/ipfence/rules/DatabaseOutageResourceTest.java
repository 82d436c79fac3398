package dev.ipfence.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.testing.DevServersProcess;
import dev.ipfence.testing.IpfenceServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PostgreSQL away: a quick 503 problem+json and readiness DOWN; back: service again, without a restart. */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class DatabaseOutageResourceTest {

    private final Api api = new Api();

    @Test
    void answers503QuicklyWhilePostgresIsDownAndServesAgainWhenItIsBack() {
        UUID project = api.project("before");
        UUID group = api.group("before");
        String apiKey = api.admin()
                .body(Map.of("name", "k", "roles", java.util.List.of("ip-access:read")))
                .post("/api/tenants/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
        DevServersProcess servers = DevServersProcess.shared();
        servers.stopPostgres();
        try {
            // a key cannot be checked: 503 like every request, not a 401 that would call it invalid
            Response withKey = given().header("apikey", apiKey).get("/api/projects/" + project);
            assertThat(withKey.statusCode()).as(withKey.asString()).isEqualTo(503);
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                Response read = api.admin().get("/api/projects/" + project);
                Response write = api.admin().body(Map.of("name", "during")).post("/api/projects");
                long millis = (System.nanoTime() - started) / 1_000_000 / 2;
                assertThat(read.statusCode()).as(read.asString()).isEqualTo(503);
                assertThat(read.contentType()).startsWith("application/problem+json");
                assertThat(read.<String>path("detail")).contains("database");
                assertThat(write.statusCode()).as(write.asString()).isEqualTo(503);
                // the same through Hibernate Reactive (admission rules, groups, policies)
                Response groupRead = api.admin().get("/api/tenants/groups/" + group);
                Response groupWrite = api.admin()
                        .body(Map.of("name", "during", "maxDevices", 1))
                        .post("/api/tenants/groups");
                assertThat(groupRead.statusCode()).as(groupRead.asString()).isEqualTo(503);
                assertThat(groupRead.contentType()).startsWith("application/problem+json");
                assertThat(groupWrite.statusCode()).as(groupWrite.asString()).isEqualTo(503);
                assertThat(millis)
                        .as("milliseconds to answer while PostgreSQL is down")
                        .isLessThan(1_000);
            }
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        } finally {
            servers.startPostgres();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        int ready = 0;
        while (System.nanoTime() < deadline && (status != 200 || ready != 200)) {
            status = api.admin().get("/api/projects/" + project).statusCode();
            ready = given().get("/q/health/ready").statusCode();
        }
        assertThat(status).isEqualTo(200);
        assertThat(ready).as("readiness after PostgreSQL is back").isEqualTo(200);
        api.admin().body(Map.of("name", "after")).post("/api/projects").then().statusCode(201);
        api.admin().get("/api/tenants/groups/" + group).then().statusCode(200);
        api.group("after");
        api.admin()
                .get("/api/tenants/groups")
                .then()
                .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("during")));
        api.admin()
                .get("/api/projects")
                .then()
                .statusCode(200)
                .body("projects.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("during")));
    }
}
