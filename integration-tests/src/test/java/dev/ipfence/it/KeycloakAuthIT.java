package dev.ipfence.it;

import static dev.ipfence.it.ServiceCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.KeycloakProcess;
import dev.ipfence.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged rule-service verifying tokens of a real Keycloak (deploy/keycloak realms): users by
 * the password grant and a machine by client credentials, tenancy and roles from the token, tokens
 * it must refuse, and the provider going away and coming back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakAuthIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String REALM = "ipfence";
    private static final String CONSOLE = "ipfence-console";
    private static final String PASSWORD = "ipfence-dev";
    private static final String ORG_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
    private static final String PROBLEM_JSON = "application/problem+json";

    private static Path root;
    private static KeycloakProcess keycloak;
    private static ServiceProcess rules;

    @BeforeAll
    static void start() {
        root = Path.of(System.getProperty("ipfence.root", ".."));
        keycloak = KeycloakProcess.start(root);
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", providerEnvironment());
    }

    /** The service trusts the realm's issuer, with its keys from discovery, and no fixed key. */
    private static Map<String, String> providerEnvironment() {
        return Map.of(
                "IPFENCE_OIDC_PUBLIC_KEY",
                "",
                "IPFENCE_OIDC_AUTH_SERVER_URL",
                keycloak.issuer(REALM),
                "IPFENCE_OIDC_ISSUER",
                keycloak.issuer(REALM),
                // an unknown key id may fetch the keys again at once (default: at most every 10 minutes)
                "QUARKUS_OIDC_TOKEN_FORCED_JWK_REFRESH_INTERVAL",
                "1S");
    }

    @AfterAll
    static void stop() {
        if (rules != null) {
            rules.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private static String user(String username) {
        return keycloak.passwordToken(REALM, CONSOLE, username, PASSWORD);
    }

    @Test
    @Order(1)
    void usersAndMachinesWorkInTheirOwnOrganizationOnly() throws Exception {
        String adminA = user("admin-a");
        HttpResponse<String> me = call(rules, "GET", "/api/me", adminA, null);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains(ORG_A);

        HttpResponse<String> created = call(rules, "POST", "/api/projects", adminA, "{\"name\":\"kc-shop\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String project = JSON.readTree(created.body()).get("id").asText();
        HttpResponse<String> rule = call(
                rules, "POST", "/api/org/ip-access-rules", adminA, "{\"cidr\":\"192.0.2.77/32\",\"label\":\"kc\"}");
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);

        String machine = keycloak.clientCredentialsToken(REALM, "ipfence-machine", "ipfence-machine-dev-secret");
        HttpResponse<String> machineRead = call(rules, "GET", "/api/projects/" + project, machine, null);
        assertThat(machineRead.statusCode()).as(machineRead.body()).isEqualTo(200);

        String adminB = user("admin-b");
        HttpResponse<String> foreign = call(rules, "GET", "/api/projects/" + project, adminB, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertProblem(foreign);
        HttpResponse<String> foreignRules = call(rules, "GET", "/api/org/ip-access-rules", adminB, null);
        assertThat(foreignRules.statusCode()).isEqualTo(200);
        assertThat(foreignRules.body()).doesNotContain("192.0.2.77");
        HttpResponse<String> ownRules = call(rules, "GET", "/api/org/ip-access-rules", adminA, null);
        assertThat(ownRules.body()).contains("192.0.2.77");
    }

    @Test
    @Order(2)
    void rolesComeFromTheRealmRoles() throws Exception {
        HttpResponse<String> readerWrites =
                call(rules, "POST", "/api/projects", user("reader-a"), "{\"name\":\"not-allowed\"}");
        assertThat(readerWrites.statusCode()).isEqualTo(403);
        assertProblem(readerWrites);
        HttpResponse<String> readerReads = call(rules, "GET", "/api/projects", user("reader-a"), null);
        assertThat(readerReads.statusCode()).isEqualTo(200);
        HttpResponse<String> nobodyReads = call(rules, "GET", "/api/projects", user("norole-b"), null);
        assertThat(nobodyReads.statusCode()).isEqualTo(403);
        assertProblem(nobodyReads);
    }

    @Test
    @Order(3)
    void tokensOfAnotherRealmWithoutTheAudienceExpiredOrGarbageAreRefused() throws Exception {
        String otherRealm = keycloak.passwordToken("other", CONSOLE, "admin-a", PASSWORD);
        assertThat(KeycloakProcess.claims(otherRealm).get("org_id").asText()).isEqualTo(ORG_A);
        assertUnauthenticated(call(rules, "GET", "/api/projects", otherRealm, null));

        String noAudience = keycloak.passwordToken(REALM, "ipfence-no-audience", "admin-a", PASSWORD);
        assertThat(KeycloakProcess.claims(noAudience).get("aud").toString()).doesNotContain("\"ipfence\"");
        assertUnauthenticated(call(rules, "GET", "/api/projects", noAudience, null));

        String shortLived = keycloak.passwordToken(REALM, "ipfence-short-lived", "admin-a", PASSWORD);
        HttpResponse<String> fresh = call(rules, "GET", "/api/projects", shortLived, null);
        assertThat(fresh.statusCode()).as("the same token before it expires").isEqualTo(200);
        long expiry = KeycloakProcess.claims(shortLived).get("exp").asLong();
        while (Instant.now().getEpochSecond() <= expiry + 1) {
            Thread.sleep(250);
        }
        assertUnauthenticated(call(rules, "GET", "/api/projects", shortLived, null));

        assertUnauthenticated(call(rules, "GET", "/api/projects", "not-a-token", null));
        String admin = user("admin-a");
        String tampered =
                admin.substring(0, admin.lastIndexOf('.') + 1) + "AAAA" + admin.substring(admin.lastIndexOf('.') + 5);
        assertUnauthenticated(call(rules, "GET", "/api/projects", tampered, null));
    }

    @Test
    @Order(4)
    void whileKeycloakIsDownKnownKeysKeepWorkingUnknownOnesGet503AndItRecovers() throws Exception {
        String beforeOutage = user("admin-a");
        assertThat(call(rules, "GET", "/api/me", user("reader-a"), null).statusCode())
                .isEqualTo(200);
        keycloak.stopServer();
        try {
            HttpResponse<String> cached = call(rules, "GET", "/api/projects", beforeOutage, null);
            assertThat(cached.statusCode())
                    .as("a token signed with a key the service holds: " + cached.body())
                    .isEqualTo(200);

            Thread.sleep(1100); // past the forced key refresh interval, so the next unknown key asks Keycloak
            HttpResponse<String> unknownKey = call(rules, "GET", "/api/projects", tokenSignedByAnUnknownKey(), null);
            assertThat(unknownKey.statusCode()).as(unknownKey.body()).isEqualTo(503);
            assertProblem(unknownKey);
            assertThat(unknownKey.headers().firstValue("Retry-After")).isPresent();

            assertThat(ready(rules))
                    .as("keys were loaded: the service stays ready")
                    .isEqualTo(200);

            try (ServiceProcess startedDuringOutage =
                    ServiceProcess.startAlive(root, "audit-service", "ipfence_audit", providerEnvironment())) {
                assertThat(ready(startedDuringOutage))
                        .as("never reached the provider: not ready")
                        .isEqualTo(503);
                HttpResponse<String> noKeys =
                        call(startedDuringOutage, "GET", "/api/audit/changes", beforeOutage, null);
                assertThat(noKeys.statusCode()).as(noKeys.body()).isEqualTo(503);
                assertProblem(noKeys);

                keycloak.startAgain();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (ready(startedDuringOutage) != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertThat(ready(startedDuringOutage))
                        .as("ready once the provider answers")
                        .isEqualTo(200);
                HttpResponse<String> recovered =
                        call(startedDuringOutage, "GET", "/api/audit/changes", user("admin-a"), null);
                assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
            }
        } finally {
            keycloak.startAgain();
        }
        assertThat(call(rules, "GET", "/api/projects", user("admin-a"), null).statusCode())
                .isEqualTo(200);
        assertUnauthenticated(call(rules, "GET", "/api/projects", tokenSignedByAnUnknownKey(), null));
    }

    /** A well-formed token naming the realm's issuer, signed by a key Keycloak never published. */
    private static String tokenSignedByAnUnknownKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"not-published-" + now + "\"}";
        String claims = JSON.writeValueAsString(Map.of(
                "iss",
                keycloak.issuer(REALM),
                "aud",
                "ipfence",
                "sub",
                "intruder",
                "org_id",
                ORG_A,
                "groups",
                new String[] {"ip-access:read", "ip-access:write"},
                "iat",
                now,
                "exp",
                now + 300));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(signature.sign());
    }

    private static int ready(ServiceProcess service) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static void assertUnauthenticated(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertProblem(response);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    private static void assertProblem(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(response.statusCode());
    }
}
