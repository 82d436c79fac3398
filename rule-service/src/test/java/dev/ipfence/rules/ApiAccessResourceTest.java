package dev.ipfence.rules;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class ApiAccessResourceTest {

    private static final UUID ORG = UUID.randomUUID();

    @Test
    void validTokenReachesTheApiWithItsOrganizationSubjectAndRoles() {
        given().auth()
                .oauth2(TestTokens.builder().org(ORG).subject("alice").sign())
                .when()
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("orgId", equalTo(ORG.toString()))
                .body("subject", equalTo("alice"))
                .body("roles", containsInAnyOrder(TestTokens.READ, TestTokens.WRITE));
    }

    @Test
    void missingTokenIsA401ProblemWithABearerChallenge() {
        given().when()
                .get("/api/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("instance", equalTo("/api/me"));
    }

    @Test
    void expiredTokenIsA401() {
        assertUnauthenticated(
                TestTokens.builder().org(ORG).expiredAgo(Duration.ofMinutes(10)).sign());
    }

    @Test
    void tokenOfAnotherIssuerIsA401() {
        assertUnauthenticated(TestTokens.builder()
                .org(ORG)
                .issuer("https://evil.example/issuer")
                .sign());
    }

    @Test
    void tokenForAnotherAudienceIsA401() {
        assertUnauthenticated(
                TestTokens.builder().org(ORG).audience("another-api").sign());
    }

    @Test
    void tokenSignedByAnUnknownKeyIsA401() {
        assertUnauthenticated(TestTokens.builder().org(ORG).signedByUnknownKey().sign());
    }

    @Test
    void garbageTokenIsA401() {
        assertUnauthenticated("not-a-jwt");
    }

    @Test
    void tokenWithoutTheReadRoleIsA403Problem() {
        given().auth()
                .oauth2(TestTokens.token(ORG, TestTokens.WRITE))
                .when()
                .get("/api/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
    }

    @Test
    void tokenWithoutAnOrganizationIsA403NamingTheClaim() {
        given().auth()
                .oauth2(TestTokens.builder().withoutOrg().sign())
                .when()
                .get("/api/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("The token has no org_id claim."));
    }

    @Test
    void unknownPathIsA404Problem() {
        given().auth()
                .oauth2(TestTokens.admin(ORG))
                .when()
                .get("/api/no-such-thing")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    private static void assertUnauthenticated(String token) {
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
    }
}
