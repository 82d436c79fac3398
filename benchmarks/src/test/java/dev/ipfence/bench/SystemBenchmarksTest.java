package dev.ipfence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.bench.system.BareForwardAuth;
import dev.ipfence.bench.system.BulkImport;
import dev.ipfence.bench.system.ColdStartBenchmark;
import dev.ipfence.bench.system.ForwardAuthFixture;
import dev.ipfence.bench.system.Http;
import dev.ipfence.bench.system.Propagation;
import dev.ipfence.bench.system.RuleServiceBenchmarks;
import dev.ipfence.bench.system.ShardedColdStart;
import dev.ipfence.bench.system.Soak;
import dev.ipfence.bench.system.SoakLoad;
import dev.ipfence.bench.system.Writes;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Smoke mode of the system benchmarks: each runs end to end on a few rules or changes. */
class SystemBenchmarksTest {

    private static final Path ROOT = Path.of(System.getProperty("ipfence.root", ".."));

    @Test
    void propagationAndBulkImportRunEndToEnd() throws Exception {
        try (ServiceProcess rules = ServiceProcess.start(ROOT, "rule-service", "ipfence_rules", Map.of());
                ServiceProcess enforcement = ServiceProcess.start(ROOT, "enforcement-service", null, Map.of())) {
            Http http = new Http(TestTokens.admin(UUID.randomUUID()));
            Propagation.Result propagation = Propagation.run(http, rules, enforcement, 5);
            assertThat(propagation.changes()).isEqualTo(5);
            assertThat(propagation.fromCreated().maxMillis())
                    .isGreaterThanOrEqualTo(propagation.fromCreated().p50Millis());
            assertThat(propagation.fromPostStart().p50Millis())
                    .isGreaterThan(propagation.fromCreated().p50Millis());
            // every stage of the rule's way was timed, and the record was read before the change was seen
            assertThat(propagation.stages()).hasSize(Propagation.TIMELINE.size() + 4);
            assertThat(propagation.stages().get("POST start -> changed decision"))
                    .isEqualTo(propagation.fromPostStart());
            assertThat(propagation
                            .stages()
                            .get("POST start -> transaction start")
                            .p50Millis())
                    .isPositive();
            assertThat(propagation.stages().get("record sent -> record read").maxMillis())
                    .isGreaterThanOrEqualTo(-1);
            assertThat(RuleServiceBenchmarks.rebuilds(enforcement.url() + "/q/metrics"))
                    .doesNotStartWith("0,");
            Writes.Result writes = Writes.run(rules, 4, 5, true);
            assertThat(writes.creates()).isEqualTo(20);
            assertThat(writes.perSecond()).isPositive();
            List<Long> bulk = BulkImport.run(http, rules, 1);
            assertThat(bulk).hasSize(1);
        }
    }

    @Test
    void soakRunsWithoutErrorsAndAuditKeepsEveryDeniedRequest() throws Exception {
        Soak.Result result = Soak.run(ROOT, java.time.Duration.ofSeconds(8));
        for (SoakLoad load : result.loads()) {
            assertThat(load.sent()).as("requests of %s", load).isPositive();
            assertThat(load.errors()).as("errors of %s", load).isZero();
        }
        assertThat(result.deniedRequests()).isPositive();
        assertThat(result.auditedAttempts()).isEqualTo(result.deniedRequests());
        result.heapAfterGcStartEnd().forEach((service, heap) -> {
            assertThat(heap[0]).as("heap of %s at the start", service).isPositive();
            assertThat(heap[1]).as("heap of %s at the end", service).isPositive();
        });
    }

    @Test
    void eachShardsReplicaKeepsItsOrganizationsRulesAndStartsAgainFromItsCheckpoint() throws Exception {
        int rules = 20_000;
        List<ShardedColdStart.Replica> replicas = ShardedColdStart.run(rules, 20, 2, ROOT, "512m");
        assertThat(replicas).hasSize(2);
        assertThat(replicas.stream()
                        .mapToLong(ShardedColdStart.Replica::generatedRules)
                        .sum())
                .isEqualTo(rules);
        for (ShardedColdStart.Replica replica : replicas) {
            assertThat(replica.generatedRules()).as("%s", replica.shard()).isPositive();
            // its own organizations' rules (other tests' rules on the topic may add to them), not the others'
            assertThat(replica.rulesHeld()).isBetween(replica.generatedRules(), (long) rules - 1);
            assertThat(replica.rulesHeldAfterRestart()).isEqualTo(replica.rulesHeld());
            assertThat(replica.checkpointUsed()).isTrue();
            assertThat(replica.fromTopicMillis()).isPositive();
            assertThat(replica.fromCheckpointMillis()).isPositive();
        }
    }

    @Test
    void coldStartReplaysTheTopicThenStartsFromTheCheckpointAndSeesTheTail() throws Exception {
        ColdStartBenchmark.Result result = ColdStartBenchmark.run(1_000, ROOT, "512m", 2);
        assertThat(result.fromTopicMillis()).isPositive();
        assertThat(result.fromCheckpointMillis())
                .hasSize(2)
                .allSatisfy(millis -> assertThat(millis).isPositive());
        assertThat(result.rulesBefore()).isGreaterThanOrEqualTo(1_000);
        assertThat(result.checkpointUsed())
                .as("every start after the first read the checkpoint")
                .isTrue();
        assertThat(result.rulesAfter()).isEqualTo(result.rulesBefore() + result.tail());
    }

    @Test
    void forwardAuthFixtureAllowsTheListAndWritesTheNginxPeer() throws Exception {
        Path out = Files.createTempDirectory("forward-auth");
        ForwardAuthFixture.Fixture fixture = ForwardAuthFixture.prepare(100, out, ROOT);
        try (ServiceProcess enforcement = fixture.enforcement()) {
            String geo = Files.readString(out.resolve("geo.conf"));
            assertThat(geo.lines()).hasSize(100);
            String inside = geo.lines().findFirst().orElseThrow().trim().split("/")[0];
            String url = enforcement.url() + "/v1/forward-auth?environmentId=" + fixture.environment();
            assertThat(awaitStatus(url, inside, 200)).isTrue();
            assertThat(awaitStatus(url, "11.0.0.1", 403)).isTrue();
            String ownPort = "http://127.0.0.1:" + fixture.forwardAuthPort() + "/v1/forward-auth?environmentId="
                    + fixture.environment();
            assertThat(awaitStatus(ownPort, inside, 200)).isTrue();
            assertThat(awaitStatus(ownPort, "11.0.0.1", 403)).isTrue();
            assertThat(Files.readString(out.resolve("clients.lua"))).contains("X-Forwarded-For");
            assertThat(BareForwardAuth.rules(out.resolve("geo.conf")))
                    .extracting(rule -> rule.block().toString())
                    .containsExactlyElementsOf(
                            geo.lines().map(line -> line.trim().split(" ")[0]).toList());
            int barePort = freePort();
            Vertx bare = BareForwardAuth.start(out.resolve("geo.conf"), barePort);
            try {
                String bareUrl = "http://127.0.0.1:" + barePort + "/";
                assertThat(awaitStatus(bareUrl, inside, 200)).isTrue();
                assertThat(awaitStatus(bareUrl, "11.0.0.1", 403)).isTrue();
                assertThat(awaitStatus(bareUrl, "010.0.0.1", 403)).isTrue();
            } finally {
                bare.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean awaitStatus(String url, String client, int status) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("X-Forwarded-For", client)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == status) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
