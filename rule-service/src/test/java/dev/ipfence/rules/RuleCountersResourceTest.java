package dev.ipfence.rules;

import static dev.ipfence.rules.RuleCountsInDatabase.assertCountersMatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.rules.iprules.ExpiredRuleCleanup;
import dev.ipfence.testing.IpfenceServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rule counters that the quota takes from stay equal to the rules, whatever adds or removes them. */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class RuleCountersResourceTest {

    private final Api api = new Api();

    @Inject
    Pool pool;

    @Inject
    ExpiredRuleCleanup cleanup;

    @Test
    void countersEqualTheRulesAfterCreatesBulkImportsDeletesCascadesAndExpiry() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        UUID otherProject = api.project("q");
        UUID otherEnv = api.environment(otherProject, "f");

        UUID orgRule = api.rule("org", Map.of("cidr", "192.0.2.1"));
        api.rule("projects/" + project, Map.of("cidr", "192.0.2.2"));
        api.rule("environments/" + env, Map.of("cidr", "192.0.2.3"));
        api.rule("environments/" + otherEnv, Map.of("cidr", "192.0.2.4"));
        bulk("environments/" + env, "10.0.0.1,10.0.0.2,10.0.0.3,192.0.2.3", 3, 1);
        bulk("projects/" + otherProject, "10.1.0.1,10.1.0.2", 2, 0);
        bulk("org", "10.2.0.1", 1, 0);
        // an import that creates nothing leaves no counter behind, not even at a scope without rules
        UUID emptyEnv = api.environment(otherProject, "g");
        api.admin()
                .body(Map.of("cidrs", "not-an-address"))
                .post("/api/environments/" + emptyEnv + "/ip-access-rules/bulk")
                .then()
                .statusCode(200)
                .body("created", equalTo(0))
                .body("errors.size()", equalTo(1));
        String address = api.admin()
                .body(Map.of("ipAddress", "198.51.100.7", "policy", "deny", "ttl", 3600))
                .post("/api/addresses")
                .then()
                .statusCode(201)
                .extract()
                .path("addressId");
        api.admin()
                .body(Map.of("ipRangeFrom", "198.51.100.10", "ipRangeTo", "198.51.100.20"))
                .post("/api/global/loginIpAllowlists")
                .then()
                .statusCode(201);
        // an update changes no count, a refused create none either
        api.admin()
                .body(Map.of("cidr", "192.0.2.0/28"))
                .put("/api/org/ip-access-rules/" + orgRule)
                .then()
                .statusCode(200);
        api.admin()
                .body(Map.of("cidr", "not an address"))
                .post("/api/environments/" + env + "/ip-access-rules")
                .then()
                .statusCode(400);
        assertThat(assertCountersMatch(pool, api.org)).isEqualTo(12);

        api.admin().delete("/api/org/ip-access-rules/" + orgRule).then().statusCode(204);
        assertThat(assertCountersMatch(pool, api.org)).isEqualTo(11);

        // the expiry cleanup: only this rule expired before the cutoff
        execute("update ip_rule set expires_at = '2000-01-01T00:00:00Z' where id = $1", UUID.fromString(address));
        assertThat(cleanup.removeExpiredBefore(Instant.parse("2000-01-02T00:00:00Z"))
                        .await()
                        .atMost(Duration.ofSeconds(30)))
                .isEqualTo(1);
        assertThat(assertCountersMatch(pool, api.org)).isEqualTo(10);

        api.admin().delete("/api/environments/" + env + "?cascade=true").then().statusCode(204);
        assertThat(assertCountersMatch(pool, api.org)).isEqualTo(6);
        api.admin()
                .delete("/api/projects/" + otherProject + "?cascade=true")
                .then()
                .statusCode(204);
        assertThat(assertCountersMatch(pool, api.org)).isEqualTo(3);
        api.admin().delete("/api/projects/" + project + "?cascade=true").then().statusCode(204);
        assertThat(assertCountersMatch(pool, api.org)).isEqualTo(2);

        for (String path : List.of("/api/org/ip-access-rules", "/api/global/loginIpAllowlists")) {
            for (String id :
                    api.admin().get(path).then().statusCode(200).extract().<List<String>>path(idsOf(path))) {
                api.admin().delete(path + "/" + id).then().statusCode(204);
            }
        }
        assertThat(assertCountersMatch(pool, api.org)).isZero();
        assertThat(count("select count(*) from ip_rule_count_by_scope where org_id = $1"))
                .as("counters left")
                .isZero();
    }

    private static String idsOf(String path) {
        return path.endsWith("ip-access-rules") ? "rules.id" : "id";
    }

    private void bulk(String scope, String cidrs, int created, int skipped) {
        api.admin()
                .body(Map.of("cidrs", cidrs))
                .post("/api/" + scope + "/ip-access-rules/bulk")
                .then()
                .statusCode(200)
                .body("created", equalTo(created))
                .body("skipped", equalTo(skipped));
    }

    private void execute(String sql, UUID id) {
        pool.preparedQuery(sql).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(30));
    }

    private long count(String sql) {
        return pool.preparedQuery(sql)
                .execute(Tuple.of(api.org))
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next()
                .getLong(0);
    }
}
