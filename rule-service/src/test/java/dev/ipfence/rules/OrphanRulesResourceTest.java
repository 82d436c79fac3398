package dev.ipfence.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.testing.IpfenceServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** Rules never outlive their project or environment, however a write and a delete of the scope interleave. */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_rules"))
class OrphanRulesResourceTest {

    private static final Logger LOG = Logger.getLogger(OrphanRulesResourceTest.class);
    private static final int ROUNDS = 40;
    private static final int ENTRIES = 200;

    private static final String ORPHANS = "select count(*) from ip_rule r where r.org_id = $1 and ("
            + " (r.scope = 'environment' and not exists (select 1 from environment e where e.id = r.scope_id))"
            + " or (r.scope = 'project' and not exists (select 1 from project p where p.id = r.scope_id)))";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBulkImportRacingADeleteOfItsScopeNeverLeavesAnOrphanRule() {
        Random random = new Random(5);
        String cidrs = IntStream.range(0, ENTRIES)
                .mapToObj(i -> "10.5." + (i >> 8) + "." + (i & 255))
                .collect(Collectors.joining("\n"));
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            Api api = new Api(); // an organization per round: its quotas allow few projects
            boolean projectScope = round % 2 == 1;
            boolean cascade = round / 2 % 2 == 0;
            UUID project = api.project("p");
            UUID env = api.environment(project, "e");
            String scope = projectScope ? "projects/" + project : "environments/" + env;

            CompletableFuture<HttpResponse<String>> bulk = send(
                    api,
                    "POST",
                    "/api/" + scope + "/ip-access-rules/bulk",
                    "{\"cidrs\": \"" + cidrs.replace("\n", "\\n") + "\"}");
            pause(random.nextInt(20));
            CompletableFuture<HttpResponse<String>> delete =
                    send(api, "DELETE", "/api/" + scope + (cascade ? "?cascade=true" : ""), null);
            int bulkStatus = bulk.join().statusCode();
            int deleteStatus = delete.join().statusCode();
            outcomes.merge("bulk " + bulkStatus + ", delete " + deleteStatus, 1, Integer::sum);

            assertThat(bulkStatus)
                    .as("bulk import in round %d: %s", round, bulk.join().body())
                    .isIn(200, 404);
            assertThat(deleteStatus)
                    .as("delete in round %d: %s", round, delete.join().body())
                    .isIn(204, 409);
            long rules = count("select count(*) from ip_rule where org_id = $1", api.org);
            if (deleteStatus == 204) {
                assertThat(rules)
                        .as("rules left after the delete of round %d", round)
                        .isZero();
            } else {
                assertThat(cascade).isFalse();
                assertThat(bulkStatus).isEqualTo(200);
                assertThat(rules).isEqualTo(ENTRIES);
            }
            if (bulkStatus == 404) {
                assertThat(deleteStatus).isEqualTo(204);
            }
            assertThat(count(ORPHANS, api.org))
                    .as("orphan rules in round %d", round)
                    .isZero();
            assertThat(RuleCountsInDatabase.assertCountersMatch(pool, api.org)).isEqualTo(rules);
        }
        LOG.infof("bulk import against delete of its scope, %d rounds: %s", ROUNDS, outcomes);
    }

    @Test
    void theDatabaseRefusesARuleWithoutItsScopeAndTheDeleteOfAScopeThatHoldsRules() {
        Api api = new Api();
        UUID project = api.project("p");
        UUID env = api.environment(project, "e");
        String insert = "insert into ip_rule (id, org_id, scope, scope_id, network, action, traffic_scopes, is_active,"
                + " created_at, updated_at, created_by, updated_by, version) values ($1, $2, $3, $4, '10.0.0.0/8',"
                + " 'deny', '{}', true, now(), now(), 'test', 'test', 1)";
        assertThatThrownBy(
                        () -> execute(insert, Tuple.of(UUID.randomUUID(), api.org, "environment", UUID.randomUUID())))
                .isInstanceOf(PgException.class)
                .hasMessageContaining("does not exist")
                .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("23503"));
        // another organization's environment is no scope for this one's rule
        assertThatThrownBy(() -> execute(insert, Tuple.of(UUID.randomUUID(), UUID.randomUUID(), "environment", env)))
                .isInstanceOf(PgException.class)
                .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("23503"));

        execute(insert, Tuple.of(UUID.randomUUID(), api.org, "environment", env));
        execute(insert, Tuple.of(UUID.randomUUID(), api.org, "project", project));
        assertThatThrownBy(() -> execute("delete from environment where id = $1", Tuple.of(env)))
                .isInstanceOf(PgException.class)
                .hasMessageContaining("still holds IP rules")
                .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("23503"));
        assertThatThrownBy(() -> execute(
                        "update ip_rule set scope_id = $1 where scope_id = $2", Tuple.of(UUID.randomUUID(), env)))
                .isInstanceOf(PgException.class)
                .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("23503"));

        api.admin().delete("/api/projects/" + project + "?cascade=true").then().statusCode(204);
        assertThat(count("select count(*) from ip_rule where org_id = $1", api.org))
                .isZero();
    }

    private CompletableFuture<HttpResponse<String>> send(Api api, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Authorization", "Bearer " + api.admin)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private long count(String sql, UUID org) {
        return pool.preparedQuery(sql)
                .execute(Tuple.of(org))
                .await()
                .atMost(Duration.ofSeconds(30))
                .iterator()
                .next()
                .getLong(0);
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofSeconds(30));
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
