package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.ipfence.rules.iprules.ExpiredRuleCleanup;
import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class AddressResourceTest {

    private final Api api = new Api();

    @Inject
    ExpiredRuleCleanup cleanup;

    @Test
    void policyLifecycleInTheSeedShape() {
        String id = api.admin()
                .body(Map.of("ipAddress", "185.155.96.184", "policy", "allow", "ttl", 3600))
                .post("/api/addresses")
                .then()
                .statusCode(201)
                .body("ipAddress", equalTo("185.155.96.184"))
                .body("policy", equalTo("allow"))
                .body("ttl", equalTo(3600))
                .body("expired", equalTo(false))
                .extract()
                .path("addressId");
        String created = api.admin()
                .get("/api/addresses/" + id)
                .then()
                .statusCode(200)
                .body("addressId", equalTo(id))
                .extract()
                .path("createTime");
        String expire = api.admin().get("/api/addresses/" + id).then().extract().path("expireTime");
        assertThat(Duration.between(Instant.parse(created), Instant.parse(expire)))
                .isEqualTo(Duration.ofHours(1));

        api.admin()
                .body(Map.of("ipAddress", "185.155.96.0/24", "policy", "deny"))
                .put("/api/addresses/" + id)
                .then()
                .statusCode(200)
                .body("ipAddress", equalTo("185.155.96.0/24"))
                .body("policy", equalTo("deny"))
                .body("ttl", equalTo(0))
                .body("expireTime", nullValue());
        api.admin()
                .body(Map.of("ttl", 60))
                .patch("/api/addresses/" + id)
                .then()
                .statusCode(200)
                .body("ttl", equalTo(60))
                .body("policy", equalTo("deny"))
                .body("ipAddress", equalTo("185.155.96.0/24"));
        api.admin().delete("/api/addresses/" + id).then().statusCode(204);
        api.admin().get("/api/addresses/" + id).then().statusCode(404);
    }

    @Test
    void policiesAndOrgRulesAreTheSameRules() {
        String policy = api.admin()
                .body(Map.of("ipAddress", "2001:DB8::1", "policy", "deny"))
                .post("/api/addresses")
                .then()
                .statusCode(201)
                .body("ipAddress", equalTo("2001:db8::1"))
                .extract()
                .path("addressId");
        api.admin()
                .get("/api/org/ip-access-rules")
                .then()
                .body("rules.find { it.id == '" + policy + "' }.cidr", equalTo("2001:db8::1/128"))
                .body("rules.find { it.id == '" + policy + "' }.action", equalTo("deny"));

        String rule = api.rule("org", Map.of("cidr", "198.51.100.0/24")).toString();
        String scoped = api.rule("org", Map.of("cidr", "203.0.113.0/24", "trafficScopes", List.of("ssh")))
                .toString();
        api.admin()
                .get("/api/addresses")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "2")
                .body("addressId", hasItem(rule))
                .body("addressId", not(hasItem(scoped)));
        api.admin().get("/api/addresses/" + rule).then().body("ipAddress", equalTo("198.51.100.0/24"));
        api.admin().get("/api/addresses/" + scoped).then().statusCode(404);
    }

    @Test
    void listingPagesSortsAndFilters() {
        for (int i = 1; i <= 12; i++) {
            api.admin()
                    .body(Map.of(
                            "ipAddress",
                            "10.0." + i + ".0/24",
                            "policy",
                            i % 3 == 0 ? "deny" : "allow",
                            "ttl",
                            i <= 4 ? 600 : 0))
                    .post("/api/addresses")
                    .then()
                    .statusCode(201);
        }
        api.admin()
                .get("/api/addresses")
                .then()
                .header("X-Total-Count", "12")
                .body("$", hasSize(10))
                .body("[0].ipAddress", equalTo("10.0.12.0/24"));
        api.admin().get("/api/addresses?limit=5&offset=10").then().body("$", hasSize(2));
        api.admin()
                .get("/api/addresses?sort_by=ip&sort_order=asc&limit=3")
                .then()
                .body("ipAddress", equalTo(List.of("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24")));
        api.admin().get("/api/addresses?filter[policy]=deny").then().header("X-Total-Count", "4");
        api.admin().get("/api/addresses?filter[ttl]=600").then().header("X-Total-Count", "4");
        api.admin().get("/api/addresses?filter[ttl]=0").then().header("X-Total-Count", "8");
        api.admin()
                .get("/api/addresses?filter[ip]=10.0.5.7")
                .then()
                .header("X-Total-Count", "1")
                .body("[0].ipAddress", equalTo("10.0.5.0/24"));
        api.admin().get("/api/addresses?filter[ip]=10.0.0.0/16").then().header("X-Total-Count", "12");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        api.admin().get("/api/addresses?filter[createTime]=" + today).then().header("X-Total-Count", "12");
        api.admin()
                .get("/api/addresses?filter[createTime]=2001-01-01..2001-12-31")
                .then()
                .header("X-Total-Count", "0");
        api.admin()
                .get("/api/addresses?filter[updateTime]=" + today + "..")
                .then()
                .header("X-Total-Count", "12");
        api.admin()
                .get("/api/addresses?filter[expireTime]=" + today + ".."
                        + LocalDate.now(ZoneOffset.UTC).plusDays(1))
                .then()
                .header("X-Total-Count", "4");
        api.admin()
                .get("/api/addresses?sort_by=expireTime&sort_order=asc")
                .then()
                .body("[0].ttl", equalTo(600));
    }

    @Test
    void badParametersAreRefusedAndNeverReachSql() {
        assertBad("sort_by=ip desc, (select 1)", "sort_by");
        assertBad("sort_by=ip;drop table ip_rule", "drop table ip_rule");
        assertBad("sort_order=sideways", "sort_order");
        assertBad("filter[color]=red", "filter[color]");
        assertBad("filter[ip]=010.0.0.1", "filter[ip]");
        assertBad("filter[policy]=maybe", "filter[policy]");
        assertBad("filter[ttl]=-5", "filter[ttl]");
        assertBad("filter[createTime]=yesterday", "filter[createTime]");
        assertBad("limit=1001", "limit");
        assertBad("offset=-1", "offset");
        assertBad("page=2", "page");
    }

    @Test
    void listParametersOutsideTheirRangeAreA400StatingTheRangeAndTheValue() {
        assertBad("limit=0", "limit", "must be a whole number from 1 to 1000, got \"0\"");
        assertBad("limit=1001", "limit", "must be a whole number from 1 to 1000, got \"1001\"");
        assertBad("offset=-1", "offset", "must be a whole number from 0 to 2147483647, got \"-1\"");
        assertBad("offset=2147483648", "offset", "must be a whole number from 0 to 2147483647, got \"2147483648\"");
        assertBad(
                "filter[ttl]=315360001",
                "filter[ttl]",
                "must be a whole number from 0 to 315360000, got \"315360001\"");
        assertBad(
                "filter[ttl]=99999999999999999999",
                "filter[ttl]",
                "must be a whole number from 0 to 315360000, got \"99999999999999999999\"");
        assertBad(
                "filter[createTime]=%2B999999999-12-31",
                "filter[createTime]",
                "must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got \"+999999999-12-31\"");
        assertBad(
                "filter[expireTime]=2026-01-01..%2B294277-01-01T00:00:00Z",
                "filter[expireTime]",
                "must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got \"+294277-01-01T00:00:00Z\"");
        assertBad(
                "filter[updateTime]=..%2B1000000000-12-31T23:59:59Z",
                "filter[updateTime]",
                "must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got \"+1000000000-12-31T23:59:59Z\"");
        assertBad(
                "filter[createTime]=1969-12-31",
                "filter[createTime]",
                "must be from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, got \"1969-12-31\"");
        // the ends of the range themselves are accepted
        api.admin()
                .get("/api/addresses?filter[createTime]=1970-01-01..9999-12-31&filter[ttl]=315360000&limit=1000")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "0");
    }

    @Test
    void ttlIsBoundedOnEveryViewThatTakesIt() {
        String message = "must be a whole number of seconds from 0 (never expires) to 315360000, got ";
        api.admin()
                .body(Map.of("ipAddress", "10.0.0.1", "policy", "allow", "ttl", 315_360_001L))
                .post("/api/addresses")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ttl"))
                .body("errors[0].message", equalTo(message + "315360001"));
        api.admin()
                .body("{\"ipAddress\": \"10.0.0.1\", \"policy\": \"allow\", \"ttl\": 1e400}")
                .post("/api/addresses")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ttl"))
                .body("errors[0].message", equalTo(message + "1E+400"));
        String id = api.admin()
                .body(Map.of("ipAddress", "10.0.0.1", "policy", "allow", "ttl", 315_360_000L))
                .post("/api/addresses")
                .then()
                .statusCode(201)
                .body("ttl", equalTo(315_360_000))
                .extract()
                .path("addressId");
        api.admin()
                .body("{\"ipAddress\": \"10.0.0.1\", \"policy\": \"deny\", \"ttl\": 99999999999999999999}")
                .put("/api/addresses/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ttl"))
                .body("errors[0].message", equalTo(message + "99999999999999999999"));
        api.admin()
                .body("{\"ttl\": 2.5}")
                .patch("/api/addresses/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ttl"))
                .body("errors[0].message", equalTo(message + "2.5"));
        api.admin()
                .body("{\"ttl\": -1e400}")
                .put("/api/org/ip-access-rules/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ttl"))
                .body("errors[0].message", equalTo(message + "-1E+400"));
        api.admin()
                .get("/api/addresses/" + id)
                .then()
                .body("policy", equalTo("allow"))
                .body("ttl", equalTo(315_360_000));
    }

    @Test
    void badBodiesNameTheSeedsFields() {
        api.admin()
                .body(Map.of("ipAddress", "10.0.0.5/24", "policy", "allow"))
                .post("/api/addresses")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ipAddress"))
                .body("errors[0].message", containsString("did you mean 10.0.0.0/24?"));
        api.admin()
                .body(Map.of("ipAddress", "10.0.0.1", "policy", "block"))
                .post("/api/addresses")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("policy"));
        api.admin()
                .body(Map.of("ipAddress", "10.0.0.1", "policy", "allow", "ttl", -1))
                .post("/api/addresses")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ttl"));
        api.admin()
                .body(Map.of("policy", "allow"))
                .post("/api/addresses")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ipAddress"));
        api.as(TestTokens.token(api.org, TestTokens.READ))
                .body(Map.of("ipAddress", "10.0.0.1", "policy", "allow"))
                .post("/api/addresses")
                .then()
                .statusCode(403);
        api.admin().get("/api/addresses").then().header("X-Total-Count", "0");
    }

    @Test
    void expiredPoliciesStayListedMarkedUntilTheCleanupRemovesThemWithAnEvent() throws Exception {
        String id = api.admin()
                .body(Map.of("ipAddress", "192.0.2.1", "policy", "deny", "ttl", 1))
                .post("/api/addresses")
                .then()
                .statusCode(201)
                .extract()
                .path("addressId");
        Thread.sleep(1_200);
        api.admin().get("/api/addresses/" + id).then().statusCode(200).body("expired", equalTo(true));
        int removed = cleanup.removeExpiredBefore(Instant.now()).await().atMost(Duration.ofSeconds(30));
        assertThat(removed).isGreaterThanOrEqualTo(1);
        api.admin().get("/api/addresses/" + id).then().statusCode(404);
    }

    private void assertBad(String query, String field, String message) {
        api.admin()
                .urlEncodingEnabled(false)
                .get("/api/addresses?" + query)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of(field)))
                .body("errors[0].message", equalTo(message));
    }

    private void assertBad(String query, String field) {
        api.admin()
                .urlEncodingEnabled(false)
                .get("/api/addresses?"
                        + query.replace(" ", "%20")
                                .replace(",", "%2C")
                                .replace("(", "%28")
                                .replace(")", "%29"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }
}
