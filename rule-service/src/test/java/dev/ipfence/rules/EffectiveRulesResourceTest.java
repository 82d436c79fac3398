package dev.ipfence.rules;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.ipfence.testing.IpfenceServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class EffectiveRulesResourceTest {

    private final Api api = new Api();

    @Test
    void withoutRulesNoAllowListApplies() {
        UUID env = api.environment(api.project("p"), "e");
        api.admin()
                .get("/api/environments/" + env + "/effective-ip-rules")
                .then()
                .statusCode(200)
                .body("inheritedFrom", nullValue())
                .body("inheritedFromId", nullValue())
                .body("rules", hasSize(0));
    }

    @Test
    void nearestAllowListWinsAndDenyRulesAreAdditive() {
        UUID project = api.project("shop");
        UUID env = api.environment(project, "prod");
        UUID orgAllow = api.rule("org", Map.of("cidr", "198.51.100.0/24"));
        UUID orgDeny = api.rule("org", Map.of("cidr", "198.51.100.66", "action", "deny"));
        UUID projectAllow = api.rule("projects/" + project, Map.of("cidr", "203.0.113.0/24"));
        UUID envDeny = api.rule("environments/" + env, Map.of("cidr", "203.0.113.13", "action", "deny"));

        api.admin()
                .get("/api/environments/" + env + "/effective-ip-rules")
                .then()
                .statusCode(200)
                .body("inheritedFrom", equalTo("project"))
                .body("inheritedFromId", equalTo(project.toString()))
                .body("inheritedFromName", equalTo("shop"))
                .body("rules.id", containsInAnyOrder(projectAllow.toString(), orgDeny.toString(), envDeny.toString()))
                .body("rules.find { it.id == '" + orgDeny + "' }.scope", equalTo("org"))
                .body("rules.find { it.id == '" + envDeny + "' }.scopeId", equalTo(env.toString()));

        UUID envAllow = api.rule("environments/" + env, Map.of("cidr", "192.0.2.0/24"));
        api.admin()
                .get("/api/environments/" + env + "/effective-ip-rules")
                .then()
                .body("inheritedFrom", equalTo("environment"))
                .body("inheritedFromName", equalTo("prod"))
                .body("rules.id", containsInAnyOrder(envAllow.toString(), orgDeny.toString(), envDeny.toString()));
        // the org allow list is not taking part in either case
        org.assertj.core.api.Assertions.assertThat(orgAllow).isNotNull();
    }

    @Test
    void allowListsAreInheritedPerTrafficScope() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        UUID projectHttp =
                api.rule("projects/" + project, Map.of("cidr", "203.0.113.0/24", "trafficScopes", List.of("http")));
        UUID envSsh = api.rule("environments/" + env, Map.of("cidr", "192.0.2.10", "trafficScopes", List.of("ssh")));
        UUID orgAll = api.rule("org", Map.of("cidr", "198.51.100.0/24"));
        String base = "/api/environments/" + env + "/effective-ip-rules";

        api.admin()
                .get(base + "?trafficScope=http")
                .then()
                .body("inheritedFrom", equalTo("project"))
                .body("rules.id", containsInAnyOrder(projectHttp.toString()));
        api.admin()
                .get(base + "?trafficScope=ssh")
                .then()
                .body("inheritedFrom", equalTo("environment"))
                .body("rules.id", containsInAnyOrder(envSsh.toString()));
        // no traffic scope: only rules for all traffic apply
        api.admin()
                .get(base)
                .then()
                .body("inheritedFrom", equalTo("org"))
                .body("inheritedFromId", equalTo(api.org.toString()))
                .body("rules.id", containsInAnyOrder(orgAll.toString()));
        api.admin()
                .get(base + "?trafficScope=Not-Valid")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("trafficScope"));
    }

    @Test
    void inactiveAndExpiredRulesDoNotTakePart() {
        UUID env = api.environment(api.project("p"), "e");
        api.rule("environments/" + env, Map.of("cidr", "192.0.2.0/24", "isActive", false));
        UUID live = api.rule("environments/" + env, Map.of("cidr", "192.0.2.9", "action", "deny", "ttl", 3600));
        api.admin()
                .get("/api/environments/" + env + "/effective-ip-rules")
                .then()
                .body("inheritedFrom", nullValue())
                .body("rules.id", containsInAnyOrder(live.toString()));
    }
}
