package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ipfence.testing.IpfenceServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Quotas per organization. The test profile sets small limits (application.properties): 3
 * projects, 4 environments, 10,010 rules per organization; each test method has its own
 * organization.
 */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class QuotaResourceTest {

    static final String QUOTA_EXCEEDED = "https://ipfence.dev/problems/quota-exceeded";
    static final int PROJECTS = 3;
    static final int ENVIRONMENTS = 4;
    static final int RULES = 10_010;

    private final Api api = new Api();

    @Inject
    Pool pool;

    @Test
    void quotaOfProjectsPerOrganization() {
        List<UUID> projects = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            projects.add(api.project("p" + i));
        }
        assertQuotaExceeded(
                api.admin().body(Map.of("name", "one too many")).post("/api/projects"),
                "ipfence.rules.quota.projects",
                PROJECTS,
                PROJECTS,
                1,
                "The organization holds 3 projects; the limit is 3 (ipfence.rules.quota.projects): adding 1 would"
                        + " pass it, 0 fit. Nothing was created.");
        api.admin().get("/api/projects").then().body("total", equalTo(PROJECTS));

        // another organization has its own quota; renaming is not creating
        new Api().project("other");
        api.admin()
                .body(Map.of("name", "renamed"))
                .patch("/api/projects/" + projects.get(0))
                .then()
                .statusCode(200);
        api.admin().delete("/api/projects/" + projects.get(0)).then().statusCode(204);
        api.project("fits again");
    }

    @Test
    void quotaOfEnvironmentsPerOrganizationCountsEveryProject() {
        UUID first = api.project("first");
        UUID second = api.project("second");
        api.environment(first, "a");
        api.environment(first, "b");
        api.environment(second, "c");
        UUID last = api.environment(second, "d");
        for (UUID project : List.of(first, second)) {
            assertQuotaExceeded(
                    api.admin().body(Map.of("name", "e")).post("/api/projects/" + project + "/environments"),
                    "ipfence.rules.quota.environments",
                    ENVIRONMENTS,
                    ENVIRONMENTS,
                    1,
                    "The organization holds 4 environments; the limit is 4 (ipfence.rules.quota.environments):"
                            + " adding 1 would pass it, 0 fit. Nothing was created.");
        }
        api.admin().get("/api/projects/" + first + "/environments").then().body("total", equalTo(2));
        api.admin().delete("/api/environments/" + last).then().statusCode(204);
        api.environment(first, "fits again");
    }

    @Test
    void quotaOfRulesPerOrganizationCountsEveryScope() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        fillWithRules(env, RULES - 5);
        // one rule through each view and scope: all count
        api.rule("org", Map.of("cidr", "192.0.2.1"));
        api.rule("projects/" + project, Map.of("cidr", "192.0.2.2"));
        api.admin()
                .body(Map.of("ipAddress", "192.0.2.3", "policy", "deny"))
                .post("/api/addresses")
                .then()
                .statusCode(201);
        api.admin()
                .body(Map.of("ipRangeFrom", "192.0.2.4", "ipRangeTo", "192.0.2.9"))
                .post("/api/global/loginIpAllowlists")
                .then()
                .statusCode(201);
        UUID lastRule = api.rule("environments/" + env, Map.of("cidr", "192.0.2.10"));

        String detail = "The organization holds 10010 rules; the limit is 10010 (ipfence.rules.quota.rules): adding 1"
                + " would pass it, 0 fit. Nothing was created.";
        for (String scope : List.of("org", "projects/" + project, "environments/" + env)) {
            assertRuleQuotaExceeded(
                    api.admin().body(Map.of("cidr", "198.51.100.1")).post("/api/" + scope + "/ip-access-rules"),
                    RULES,
                    1,
                    detail);
            assertRuleQuotaExceeded(
                    api.admin().body(Map.of("cidrs", "198.51.100.1")).post("/api/" + scope + "/ip-access-rules/bulk"),
                    RULES,
                    1,
                    detail);
        }
        assertRuleQuotaExceeded(
                api.admin()
                        .body(Map.of("ipAddress", "198.51.100.1", "policy", "allow"))
                        .post("/api/addresses"),
                RULES,
                1,
                detail);
        assertRuleQuotaExceeded(
                api.admin()
                        .body(Map.of("ipRangeFrom", "198.51.100.1", "ipRangeTo", "198.51.100.2"))
                        .post("/api/global/loginIpAllowlists"),
                RULES,
                1,
                detail);
        assertThat(countAllRules(project, env)).isEqualTo(RULES);

        // a bulk import of duplicates only creates nothing, so it passes
        api.admin()
                .body(Map.of("cidrs", "192.0.2.10"))
                .post("/api/environments/" + env + "/ip-access-rules/bulk")
                .then()
                .statusCode(200)
                .body("created", equalTo(0))
                .body("skipped", equalTo(1));
        // another organization is not affected
        new Api().rule("org", Map.of("cidr", "198.51.100.1"));
        // a deleted rule makes room for one
        api.admin()
                .delete("/api/environments/" + env + "/ip-access-rules/" + lastRule)
                .then()
                .statusCode(204);
        api.rule("org", Map.of("cidr", "198.51.100.1"));
    }

    @Test
    void bulkImportPastTheRuleQuotaCreatesNothingAndSaysHowManyFit() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        fillWithRules(env, RULES - 5);
        String eight =
                IntStream.rangeClosed(1, 8).mapToObj(i -> "198.51.100." + i).collect(Collectors.joining(","));
        assertRuleQuotaExceeded(
                api.admin().body(Map.of("cidrs", eight)).post("/api/projects/" + project + "/ip-access-rules/bulk"),
                RULES - 5,
                8,
                "The organization holds 10005 rules; the limit is 10010 (ipfence.rules.quota.rules): adding 8 would"
                        + " pass it, 5 fit. Nothing was created.");
        assertThat(countAllRules(project, env)).isEqualTo(RULES - 5);
        api.admin()
                .body(Map.of("cidrs", eight.substring(0, eight.indexOf(",198.51.100.6"))))
                .post("/api/projects/" + project + "/ip-access-rules/bulk")
                .then()
                .statusCode(200)
                .body("created", equalTo(5));
        assertThat(countAllRules(project, env)).isEqualTo(RULES);
    }

    @Test
    void updatesAtTheRuleQuotaStillSucceed() {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        fillWithRules(env, RULES - 3);
        UUID rule = api.rule("org", Map.of("cidr", "192.0.2.1"));
        String policy = api.admin()
                .body(Map.of("ipAddress", "192.0.2.2", "policy", "deny"))
                .post("/api/addresses")
                .then()
                .statusCode(201)
                .extract()
                .path("addressId");
        String range = api.admin()
                .body(Map.of("ipRangeFrom", "192.0.2.3", "ipRangeTo", "192.0.2.9"))
                .post("/api/global/loginIpAllowlists")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(countAllRules(project, env)).isEqualTo(RULES);

        api.admin()
                .body(Map.of("label", "changed", "cidr", "192.0.2.128/25"))
                .put("/api/org/ip-access-rules/" + rule)
                .then()
                .statusCode(200);
        api.admin()
                .body(Map.of("ttl", 600))
                .patch("/api/addresses/" + policy)
                .then()
                .statusCode(200);
        api.admin()
                .body(Map.of("ipAddress", "192.0.2.64/26", "policy", "allow"))
                .put("/api/addresses/" + policy)
                .then()
                .statusCode(200);
        api.admin()
                .body(Map.of("ipRangeFrom", "192.0.2.3", "ipRangeTo", "192.0.2.5"))
                .put("/api/global/loginIpAllowlists/" + range)
                .then()
                .statusCode(200);
        assertThat(countAllRules(project, env)).isEqualTo(RULES);
    }

    @Test
    void concurrentProjectCreatesNeverPassTheQuota() throws Exception {
        api.project("p1");
        api.project("p2");
        List<Integer> projectStatuses = concurrently(8, i -> {
            RequestSpecification request = api.admin().body(Map.of("name", "racer" + i));
            return () -> request.post("/api/projects");
        });
        assertThat(projectStatuses)
                .containsOnly(201, 409)
                .filteredOn(s -> s == 201)
                .hasSize(1);
        api.admin().get("/api/projects").then().body("total", equalTo(PROJECTS));
    }

    @Test
    void concurrentRuleCreatesNeverPassTheQuota() throws Exception {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        fillWithRules(env, RULES - 1);
        List<String> paths = List.of(
                "/api/org/ip-access-rules",
                "/api/projects/" + project + "/ip-access-rules",
                "/api/environments/" + env + "/ip-access-rules");
        List<Integer> statuses = concurrently(9, i -> {
            RequestSpecification request = api.admin().body(Map.of("cidr", "198.51.100." + i));
            return () -> request.post(paths.get(i % paths.size()));
        });
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        assertThat(countAllRules(project, env)).isEqualTo(RULES);
    }

    @Test
    void concurrentCreatesAndBulkImportsTakeExactlyTheRoomLeft() throws Exception {
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        fillWithRules(env, RULES - 5);
        List<String> paths = List.of(
                "/api/org/ip-access-rules",
                "/api/projects/" + project + "/ip-access-rules",
                "/api/environments/" + env + "/ip-access-rules");
        // 15 single creates and 5 bulk imports of two race for 5 places: a single create is refused
        // only when no place is left, so every place is taken, and none more
        List<io.restassured.response.Response> responses = concurrentResponses(20, i -> {
            RequestSpecification request = i % 4 == 3
                    ? api.admin().body(Map.of("cidrs", "203.0.113." + i + ",203.0.113." + (100 + i)))
                    : api.admin().body(Map.of("cidr", "198.51.100." + i));
            String path = i % 4 == 3 ? paths.get(i % 3) + "/bulk" : paths.get(i % 3);
            return () -> request.post(path);
        });
        int created = 0;
        for (io.restassured.response.Response response : responses) {
            assertThat(response.statusCode()).as(response.asString()).isIn(200, 201, 409);
            if (response.statusCode() == 201) {
                created++;
            } else if (response.statusCode() == 200) {
                created += response.jsonPath().getInt("created");
            }
        }
        assertThat(created).isEqualTo(5);
        assertThat(countAllRules(project, env)).isEqualTo(RULES);
        assertThat(RuleCountsInDatabase.assertCountersMatch(pool, api.org)).isEqualTo(RULES);
    }

    /** {@code count} rules at the environment: one bulk import of 10,000 and the rest at its project. */
    private void fillWithRules(UUID env, int count) {
        int inEnv = Math.min(count, 10_000);
        String cidrs = IntStream.range(0, inEnv)
                .mapToObj(i -> "10." + (i >> 8) + "." + (i & 255) + ".0/24")
                .collect(Collectors.joining("\n"));
        api.admin()
                .body(Map.of("cidrs", cidrs))
                .post("/api/environments/" + env + "/ip-access-rules/bulk")
                .then()
                .statusCode(200)
                .body("created", equalTo(inEnv));
        if (count > inEnv) {
            String more = IntStream.range(0, count - inEnv)
                    .mapToObj(i -> "172.16." + i + ".0/24")
                    .collect(Collectors.joining("\n"));
            api.admin()
                    .body(Map.of("cidrs", more))
                    .post("/api/org/ip-access-rules/bulk")
                    .then()
                    .statusCode(200)
                    .body("created", equalTo(count - inEnv));
        }
    }

    private int countAllRules(UUID project, UUID env) {
        int total = 0;
        for (String scope : List.of("org", "projects/" + project, "environments/" + env)) {
            total += api.admin()
                    .get("/api/" + scope + "/ip-access-rules")
                    .then()
                    .statusCode(200)
                    .extract()
                    .<Integer>path("total");
        }
        return total;
    }

    /**
     * Runs {@code n} requests at once and returns their statuses: each is prepared first, then all
     * are released together, so that their transactions overlap.
     */
    static List<Integer> concurrently(
            int n, java.util.function.IntFunction<Supplier<io.restassured.response.Response>> request)
            throws Exception {
        return concurrentResponses(n, request).stream()
                .map(io.restassured.response.Response::statusCode)
                .toList();
    }

    /** As {@link #concurrently}, returning the responses. */
    static List<io.restassured.response.Response> concurrentResponses(
            int n, java.util.function.IntFunction<Supplier<io.restassured.response.Response>> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<io.restassured.response.Response>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Supplier<io.restassured.response.Response> call = request.apply(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<io.restassured.response.Response> responses = new ArrayList<>();
            for (Future<io.restassured.response.Response> result : results) {
                responses.add(result.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertRuleQuotaExceeded(
            io.restassured.response.Response response, int current, int requested, String detail) {
        assertQuotaExceeded(response, "ipfence.rules.quota.rules", RULES, current, requested, detail);
    }

    static ValidatableResponse assertQuotaExceeded(
            io.restassured.response.Response response,
            String key,
            int limit,
            int current,
            int requested,
            String detail) {
        return response.then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(QUOTA_EXCEEDED))
                .body("status", equalTo(409))
                .body("detail", equalTo(detail))
                .body("quota.key", equalTo(key))
                .body("quota.limit", equalTo(limit))
                .body("quota.current", equalTo(current))
                .body("quota.requested", equalTo(requested))
                .body("quota.available", equalTo(Math.max(0, limit - current)));
    }
}
