package dev.ipfence.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A provider that puts the roles where Keycloak does ({@code realm_access.roles}) and the
 * organization in a namespaced claim, as an Auth0 Action would: configured by claim paths only.
 */
@QuarkusTest
@TestProfile(ClaimMappingResourceTest.ProviderClaims.class)
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class ClaimMappingResourceTest {

    static final String ORG_CLAIM = "https://ipfence.example.com/org_id";

    public static class ProviderClaims implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ipfence.auth.organization-claim",
                    "\"" + ORG_CLAIM + "\"",
                    "ipfence.auth.roles-claim",
                    "realm_access.roles");
        }
    }

    private static final UUID ORG = UUID.randomUUID();

    @Test
    void readsTheOrganizationAndRolesFromTheConfiguredPaths() {
        given().auth()
                .oauth2(TestTokens.builder()
                        .withoutOrg()
                        .roles("offline_access")
                        .claim(ORG_CLAIM, ORG.toString())
                        .claim("realm_access", Map.of("roles", List.of(TestTokens.READ, "default-roles-ipfence")))
                        .sign())
                .when()
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("orgId", equalTo(ORG.toString()))
                .body("roles", containsInAnyOrder(TestTokens.READ, "default-roles-ipfence"));
    }

    @Test
    void theDefaultClaimsNoLongerCount() {
        // org_id and groups as the default mapping reads them: no roles, so 403 naming the claim read
        given().auth()
                .oauth2(TestTokens.builder().org(ORG).sign())
                .when()
                .get("/api/me")
                .then()
                .statusCode(403)
                .body(
                        "detail",
                        equalTo("This operation requires role ip-access:read; the caller has no ipfence role (a"
                                + " token's roles are read from its realm_access.roles claim, see"
                                + " ipfence.auth.roles-claim)."));
        // roles where they are expected, but the organization only in org_id: 403 naming the claim
        given().auth()
                .oauth2(TestTokens.builder()
                        .org(ORG)
                        .claim("realm_access", Map.of("roles", List.of(TestTokens.READ)))
                        .sign())
                .when()
                .get("/api/me")
                .then()
                .statusCode(403)
                .body("detail", equalTo("The token has no \"" + ORG_CLAIM + "\" claim."));
    }

    @Test
    void aRejectedTokenIsLoggedOncePerIntervalWithoutTheToken() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger("dev.ipfence.web.auth.RejectionLog");
        logger.addHandler(handler);
        try {
            // the only issuer rejection of this class, so the first one is logged
            String token = TestTokens.builder()
                    .issuer("https://other.example/realms/x")
                    .claim(ORG_CLAIM, ORG.toString())
                    .sign();
            for (int i = 0; i < 3; i++) {
                given().auth().oauth2(token).when().get("/api/me").then().statusCode(401);
            }
        } finally {
            logger.removeHandler(handler);
        }
        List<String> lines = records.stream()
                .filter(r -> r.getLevel().intValue() == java.util.logging.Level.INFO.intValue())
                .map(LogRecord::getMessage)
                .filter(m -> m.contains("(token issuer)"))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("Refused GET /api/me from ")
                .contains("Its iss is \"https://other.example/realms/x\"")
                .contains("not logged for 1m");
    }
}
