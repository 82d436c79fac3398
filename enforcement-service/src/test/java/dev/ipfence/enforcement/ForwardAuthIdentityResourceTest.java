package dev.ipfence.enforcement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.Metrics;
import dev.ipfence.testing.RuleEvents;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forward-auth with the identity of a bearer token or of an authenticating proxy's headers. The
 * test profile trusts 127.0.0.1 as the proxy (one hop), turns the decision headers on and reads
 * identity headers; other loopback addresses are untrusted peers. The environment has no IP rules
 * (the IP decision allows), and one policy covers the resource "wiki": members of the group
 * "engineering" whose department is Engineering.
 */
@QuarkusTest
@QuarkusTestResource(IpfenceServers.class)
class ForwardAuthIdentityResourceTest {

    private static final String CLIENT = "198.51.100.7";

    private final RuleEvents events = new RuleEvents();
    private UUID env;
    private PolicyState policy;

    @BeforeEach
    void engineeringOnlyOnTheWiki() {
        env = events.environment();
        PolicyGroupState engineering = events.policyGroup(false, List.of("engineering"));
        AdmissionRuleState department = events.admissionRule("ALLOW", "user.department == 'Engineering'", null);
        RuleEvents.PolicySpec spec = new RuleEvents.PolicySpec();
        spec.groups = List.of(engineering.id());
        spec.resources = List.of("wiki");
        spec.rule = department.id();
        policy = events.policy(spec);
        String token = user("alice", "Engineering").sign();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            // before the policy arrives the IP decision (NO_RULES) allows too: wait for the policy's
            if ("POLICY_ALLOW".equals(withToken(token).get(url("wiki")).header("X-Ipfence-Reason"))) {
                return;
            }
            sleep();
        }
        throw new AssertionError("the policy never took effect");
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void aUserOfTheAllowedDepartmentIsAllowedAndAnotherDepartmentIsDenied() {
        withToken(user("alice", "Engineering").sign())
                .get(url("wiki"))
                .then()
                .statusCode(200)
                .header("X-Ipfence-Decision", "ALLOW")
                .header("X-Ipfence-Reason", "POLICY_ALLOW")
                .header("X-Ipfence-Policy-Id", policy.id().toString())
                .header("X-Ipfence-Client-Ip", CLIENT);
        withToken(user("bob", "Sales").sign())
                .get(url("wiki"))
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "NO_POLICY");
        // not in the group: the department alone is not enough
        withToken(TestTokens.builder()
                        .org(events.org)
                        .subject("carol")
                        .roles("marketing")
                        .claim("department", "Engineering")
                        .sign())
                .get(url("wiki"))
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "NO_POLICY");
        // no policy covers another resource: the IP decision stands, whoever asks
        withToken(user("bob", "Sales").sign())
                .get(url("mail"))
                .then()
                .statusCode(200)
                .header("X-Ipfence-Reason", "NO_RULES");
    }

    @Test
    void withoutATokenAResourceCoveredByAPolicyIsDenied() {
        String anonymous = "ipfence_forward_auth_identity_total{outcome=\"anonymous\",source=\"none\"}";
        double before = Metrics.value(anonymous);
        proxy().get(url("wiki")).then().statusCode(403).header("X-Ipfence-Reason", "NO_POLICY");
        // a Basic Authorization is not a token
        proxy().header("Authorization", "Basic YWxpY2U6cHc=")
                .get(url("wiki"))
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "NO_POLICY");
        // without a resource and without an identity: the IP decision alone, as before
        proxy().get("/v1/forward-auth?environmentId=" + env)
                .then()
                .statusCode(200)
                .header("X-Ipfence-Reason", "NO_RULES");
        assertThat(Metrics.value(anonymous) - before).isEqualTo(3);
    }

    @Test
    void aTokenThatFailsVerificationIsAnonymousNeverAnError() {
        String series = "ipfence_forward_auth_identity_total{outcome=\"invalid\",source=\"bearer\"}";
        double before = Metrics.value(series);
        List<String> bad = List.of(
                user("alice", "Engineering").expiredAgo(Duration.ofMinutes(10)).sign(),
                user("alice", "Engineering").signedByUnknownKey().sign(),
                user("alice", "Engineering")
                        .issuer("https://elsewhere.example/issuer")
                        .sign(),
                user("alice", "Engineering").audience("someone-else").sign(),
                "garbage",
                "a.b.c",
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.");
        for (String token : bad) {
            withToken(token).get(url("wiki")).then().statusCode(403).header("X-Ipfence-Reason", "NO_POLICY");
        }
        assertThat(Metrics.value(series) - before).isEqualTo(bad.size());
    }

    @Test
    void aTokenOfAnotherOrganizationIsAnonymous() {
        String series = "ipfence_forward_auth_identity_total{outcome=\"other_org\",source=\"bearer\"}";
        double before = Metrics.value(series);
        withToken(user("alice", "Engineering").org(UUID.randomUUID()).sign())
                .get(url("wiki"))
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "NO_POLICY");
        withToken(user("alice", "Engineering").withoutOrg().sign())
                .get(url("wiki"))
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "NO_POLICY");
        assertThat(Metrics.value(series) - before).isEqualTo(2);
    }

    @Test
    void identityHeadersFromTheTrustedProxyNameTheUser() {
        proxy().header("X-Auth-Request-User", "alice")
                .header("X-Auth-Request-Email", "alice@example.com")
                .header("X-Auth-Request-Groups", "oncall,engineering")
                .header("X-Auth-Request-Department", "Engineering")
                .get(url("wiki"))
                .then()
                .statusCode(200)
                .header("X-Ipfence-Reason", "POLICY_ALLOW");
        proxy().header("X-Auth-Request-User", "bob")
                .header("X-Auth-Request-Groups", "engineering")
                .header("X-Auth-Request-Department", "Sales")
                .get(url("wiki"))
                .then()
                .statusCode(403);
    }

    @Test
    void aVerifiedTokenWinsOverHeadersAndAnInvalidOneLeavesThemToDecide() {
        RequestSpecification engineeringHeaders = proxy().header("X-Auth-Request-User", "alice")
                .header("X-Auth-Request-Groups", "engineering")
                .header("X-Auth-Request-Department", "Engineering");
        engineeringHeaders
                .header("Authorization", "Bearer " + user("bob", "Sales").sign())
                .get(url("wiki"))
                .then()
                .statusCode(403);
        proxy().header("X-Auth-Request-User", "alice")
                .header("X-Auth-Request-Groups", "engineering")
                .header("X-Auth-Request-Department", "Engineering")
                .header("Authorization", "Bearer garbage")
                .get(url("wiki"))
                .then()
                .statusCode(200)
                .header("X-Ipfence-Reason", "POLICY_ALLOW");
    }

    @Test
    void identityHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        String series = "ipfence_forward_auth_identity_total{outcome=\"untrusted_peer\",source=\"headers\"}";
        double before = Metrics.value(series);
        // 127.0.0.10 is not a trusted proxy: it is the client, and its headers are its own words
        String answer = ForwardAuthResourceTest.rawGet(
                "127.0.0.10",
                url("wiki"),
                "X-Auth-Request-User: alice",
                "X-Auth-Request-Groups: engineering",
                "X-Auth-Request-Department: Engineering");
        assertThat(answer).startsWith("HTTP/1.1 403").contains("X-Ipfence-Reason: NO_POLICY");
        assertThat(Metrics.value(series) - before).isEqualTo(1);
    }

    @Test
    void aBadResourceTypeIsABadRequestNamingTheParameter() {
        proxy().get(url("wiki") + "&resourceType=private")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("resourceType"));
        proxy().get(url("x".repeat(1_025))).then().statusCode(400).body("errors[0].field", equalTo("resourceId"));
        proxy().get(url("wiki") + "&gateway=" + "g".repeat(1_025))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("gateway"));
    }

    @Test
    void theResourceTypeAndGatewayTakePartInTheDecision() {
        String token = user("alice", "Engineering").sign();
        // the policy is for PRIVATE resources, with no gateway condition
        withToken(token)
                .get(url("wiki") + "&resourceType=PRIVATE&gateway=gw-1")
                .then()
                .statusCode(200)
                .header("X-Ipfence-Reason", "POLICY_ALLOW");
        withToken(token)
                .get(url("wiki") + "&resourceType=SAAS")
                .then()
                .statusCode(403)
                .header("X-Ipfence-Reason", "NO_POLICY");
    }

    private TestTokens.Builder user(String subject, String department) {
        return TestTokens.builder()
                .org(events.org)
                .subject(subject)
                .roles("engineering")
                .claim("email", subject + "@example.com")
                .claim("department", department)
                .claim("attributes", Map.of("level", 3));
    }

    private String url(String resource) {
        return "/v1/forward-auth?environmentId=" + env + "&resourceId=" + resource;
    }

    /** As nginx asks from 127.0.0.1 (a trusted proxy) for the client it appends. */
    private static RequestSpecification proxy() {
        return given().header("X-Forwarded-For", CLIENT);
    }

    private static RequestSpecification withToken(String token) {
        return proxy().header("Authorization", "Bearer " + token);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
