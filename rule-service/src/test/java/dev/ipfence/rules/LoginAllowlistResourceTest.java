package dev.ipfence.rules;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.ipfence.testing.IpfenceServers;
import dev.ipfence.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class LoginAllowlistResourceTest {

    private final Api api = new Api();
    private static final String BASE = "/api/global/loginIpAllowlists";

    @Test
    void rangesAreCreatedListedAsAPlainArrayUpdatedAndDeleted() {
        String id = api.admin()
                .body(Map.of("ipRangeFrom", "192.168.0.1", "ipRangeTo", "192.168.0.100"))
                .post(BASE)
                .then()
                .statusCode(201)
                .body("ipRangeFrom", equalTo("192.168.0.1"))
                .body("ipRangeTo", equalTo("192.168.0.100"))
                .extract()
                .path("id");
        api.admin().get(BASE).then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id));
        api.admin().get(BASE + "/" + id).then().statusCode(200).body("ipRangeTo", equalTo("192.168.0.100"));
        api.admin()
                .body(Map.of("ipRangeFrom", "2001:db8::1", "ipRangeTo", "2001:DB8::FF"))
                .put(BASE + "/" + id)
                .then()
                .statusCode(200)
                .body("ipRangeFrom", equalTo("2001:db8::1"))
                .body("ipRangeTo", equalTo("2001:db8::ff"));
        // the same rule in the scoped view: an org allow rule for the login traffic scope
        api.admin()
                .get("/api/org/ip-access-rules/" + id)
                .then()
                .body("action", equalTo("allow"))
                .body("trafficScopes", equalTo(List.of("login")))
                .body("range.from", equalTo("2001:db8::1"));
        api.admin().delete(BASE + "/" + id).then().statusCode(204);
        api.admin().get(BASE + "/" + id).then().statusCode(404);
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void rangesMustBeOfOneFamilyAndInOrder() {
        api.admin()
                .body(Map.of("ipRangeFrom", "10.0.0.9", "ipRangeTo", "10.0.0.1"))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ipRangeFrom"));
        api.admin()
                .body(Map.of("ipRangeFrom", "10.0.0.1", "ipRangeTo", "::1"))
                .post(BASE)
                .then()
                .statusCode(400);
        api.admin()
                .body(Map.of("ipRangeFrom", "010.0.0.1", "ipRangeTo", "10.0.0.9"))
                .post(BASE)
                .then()
                .statusCode(400);
        api.admin()
                .body(Map.of("ipRangeFrom", "10.0.0.1"))
                .post(BASE)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ipRangeTo"));
        api.admin().get(BASE).then().body("$", hasSize(0));
    }

    @Test
    void otherRulesAreNotLoginRangesAndWritesNeedTheWriteRole() {
        UUID plain = api.rule("org", Map.of("cidr", "10.0.0.0/8"));
        api.admin().get(BASE + "/" + plain).then().statusCode(404);
        api.admin().get(BASE).then().body("$", hasSize(0));
        // near misses: each differs from a login range in one thing
        Map<String, String> range = Map.of("from", "10.1.0.1", "to", "10.1.0.9");
        api.rule("org", Map.of("range", range, "action", "deny", "trafficScopes", List.of("login")));
        api.rule("org", Map.of("range", range, "trafficScopes", List.of("login", "ssh")));
        api.rule("org", Map.of("range", range));
        api.rule("org", Map.of("cidr", "10.2.0.0/16", "trafficScopes", List.of("login")));
        api.rule("projects/" + api.project("shop"), Map.of("range", range, "trafficScopes", List.of("login")));
        UUID login = api.rule("org", Map.of("range", range, "trafficScopes", List.of("login")));
        api.admin().get(BASE).then().body("$", hasSize(1)).body("[0].id", equalTo(login.toString()));
        api.admin().delete(BASE + "/" + login).then().statusCode(204);
        api.as(TestTokens.token(api.org, TestTokens.READ))
                .body(Map.of("ipRangeFrom", "10.0.0.1", "ipRangeTo", "10.0.0.9"))
                .post(BASE)
                .then()
                .statusCode(403);
        new Api().admin().get(BASE).then().body("$", hasSize(0));
    }
}
