package dev.ipfence.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import dev.ipfence.web.auth.JwtPayload;
import dev.ipfence.web.auth.VerifiedTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class ApiAccessResourceTest {

    private static final UUID ORG = UUID.randomUUID();

    @Inject
    VerifiedTokens verifiedTokens;

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
    void missingTokenIsA401ProblemWithABearerChallengeWithoutAnError() {
        given().when()
                .get("/api/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"))
                .body("detail", startsWith("No credentials"))
                .body("instance", equalTo("/api/me"));
    }

    @Test
    void expiredTokenIsA401SayingItExpired() {
        String token =
                TestTokens.builder().org(ORG).expiredAgo(Duration.ofMinutes(10)).sign();
        assertRejected(token, "The token has expired.", "It expired at ");
    }

    @Test
    void aVerifiedTokenIsKeptUntilItExpiresAndThenRefused() throws InterruptedException {
        String token =
                TestTokens.builder().org(ORG).expiresIn(Duration.ofSeconds(3)).sign();
        Instant expiry =
                Instant.ofEpochSecond(((Number) JwtPayload.claims(token).get("exp")).longValue());

        given().auth().oauth2(token).when().get("/api/me").then().statusCode(200);
        assertThat(verifiedTokens.find(token, Map.of())).isNotNull();
        given().auth().oauth2(token).when().get("/api/me").then().statusCode(200);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 200);
        assertRejected(token, "The token has expired.", "It expired at ");
        assertThat(verifiedTokens.find(token, Map.of())).isNull();
    }

    @Test
    void aKeptIdentityAnswersBeforeTheTokenIsVerified() {
        String token = TestTokens.builder().org(ORG).subject("kept").sign();
        given().auth().oauth2(token).when().get("/api/me").then().statusCode(200);
        // a string no verification accepts: only the kept identity can answer for it
        String unverifiable = "kept-" + UUID.randomUUID();
        verifiedTokens.remember(unverifiable, Instant.now().plusSeconds(60), verifiedTokens.find(token, Map.of()));

        given().auth()
                .oauth2(unverifiable)
                .when()
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("orgId", equalTo(ORG.toString()))
                .body("subject", equalTo("kept"));
    }

    @Test
    void tokenNotYetValidIsA401SayingSo() {
        String token = TestTokens.builder()
                .org(ORG)
                .notBefore(Instant.now().plus(Duration.ofHours(1)))
                .sign();
        assertRejected(token, "The token is not valid yet.", "It is valid from ");
    }

    @Test
    void tokenOfAnotherIssuerIsA401NamingBothIssuers() {
        String token = TestTokens.builder()
                .org(ORG)
                .issuer("https://evil.example/issuer")
                .sign();
        assertRejected(
                token,
                "The token's issuer is not the trusted one.",
                "Its iss is \"https://evil.example/issuer\"; this service trusts \"" + TestTokens.ISSUER + "\".");
    }

    @Test
    void tokenForAnotherAudienceIsA401NamingTheAudienceRequired() {
        String token = TestTokens.builder().org(ORG).audience("account").sign();
        assertRejected(
                token,
                "The token's audience does not include this API.",
                "Its aud is [\"account\"]. This service requires \"ipfence\"");
    }

    @Test
    void tokenSignedByAnUnknownKeyIsA401SayingTheSignatureFailed() {
        assertRejected(
                TestTokens.builder().org(ORG).signedByUnknownKey().sign(),
                "The token's signature does not verify.",
                "not signed by a key this service trusts");
    }

    @Test
    void garbageTokenIsA401SayingItIsMalformed() {
        assertRejected("not-a-jwt", "The token is not a well-formed signed JWT.", "");
        assertRejected("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", "The token is not a well-formed signed JWT.", "");
    }

    @Test
    void theProblemNeverEchoesTheToken() {
        String token = TestTokens.builder().org(ORG).audience("account").sign();
        String body = given().auth()
                .oauth2(token)
                .when()
                .get("/api/me")
                .then()
                .statusCode(401)
                .extract()
                .asString();
        assertThat(body).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
    }

    @Test
    void tokenWithoutTheReadRoleIsA403ProblemNamingTheRole() {
        given().auth()
                .oauth2(TestTokens.token(ORG, TestTokens.WRITE))
                .when()
                .get("/api/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body(
                        "detail",
                        equalTo("This operation requires role ip-access:read; the caller has only ip-access:write"
                                + " (a token's roles are read from its groups claim, see ipfence.auth.roles-claim)."));
    }

    @Test
    void tokenWithoutAnyRoleIsA403NamingTheWriteRoleAChangeNeeds() {
        given().auth()
                .oauth2(TestTokens.token(ORG))
                .contentType("application/json")
                .body("{\"name\":\"shop\"}")
                .when()
                .post("/api/projects")
                .then()
                .statusCode(403)
                .body(
                        "detail",
                        startsWith("This operation requires role ip-access:write; the caller has no ipfence role"));
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
    void tokenWhoseOrganizationIsNotAUuidIsA403NamingClaimAndValue() {
        given().auth()
                .oauth2(TestTokens.builder()
                        .withoutOrg()
                        .claim("org_id", "acme")
                        .sign())
                .when()
                .get("/api/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("The token's org_id claim is not a UUID: \"acme\"."));
    }

    @Test
    void rolesOfAnotherClaimGrantNothing() {
        // only the configured roles claim (groups) counts: Keycloak's realm roles are ignored here
        given().auth()
                .oauth2(TestTokens.builder()
                        .org(ORG)
                        .roles()
                        .claim("realm_access", Map.of("roles", List.of(TestTokens.READ, TestTokens.WRITE)))
                        .sign())
                .when()
                .get("/api/me")
                .then()
                .statusCode(403);
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

    private static void assertRejected(String token, String check, String detailPart) {
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header(
                        "WWW-Authenticate",
                        equalTo("Bearer error=\"invalid_token\", error_description=\"" + check + "\""))
                .body("status", equalTo(401))
                .body("detail", startsWith(check))
                .body("detail", containsString(detailPart));
    }
}
