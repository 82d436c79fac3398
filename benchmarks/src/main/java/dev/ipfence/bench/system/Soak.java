package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system under a steady mixed load, on loopback only, bounded in time and in requests:
 * decisions, forward-auth and rule writes together against the packaged services. Reports
 * throughput, errors (anything but the expected answer), p99 per kind, each service's heap after a
 * full GC at the start and at the end, and the denied requests against what audit-service stored
 * (equal once folded attempts are counted by their {@code count}).
 * {@code java ... Soak [seconds] [projectRoot]}
 */
public final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Soak() {}

    public record Result(
            long seconds,
            List<SoakLoad> loads,
            Map<String, long[]> heapAfterGcStartEnd,
            long deniedRequests,
            long auditedAttempts) {}

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        Result result = run(root, Duration.ofSeconds(seconds));
        System.out.printf("soak of %d s%n", result.seconds());
        System.out.println("load,requests,per_second,errors,denied,p99_ms");
        for (SoakLoad load : result.loads()) {
            System.out.printf(
                    "%s,%d,%.0f,%d,%d,%.2f%n",
                    load.name,
                    load.sent(),
                    load.sent() / (double) result.seconds(),
                    load.errors(),
                    load.denied(),
                    load.p99Millis());
        }
        for (SoakLoad load : result.loads()) {
            load.firstErrors().forEach(error -> System.out.printf("error of %s: %s%n", load.name, error));
        }
        result.heapAfterGcStartEnd()
                .forEach((service, heap) -> System.out.printf(
                        "heap after full GC, %s: %.1f MB at start, %.1f MB at end%n",
                        service, heap[0] / 1e6, heap[1] / 1e6));
        System.out.printf(
                "denied requests %d, attempts stored by audit-service %d%n",
                result.deniedRequests(), result.auditedAttempts());
    }

    public static Result run(Path root, Duration duration) throws Exception {
        UUID org = UUID.randomUUID();
        String token = TestTokens.admin(org);
        Http http = new Http(token);
        try (ServiceProcess rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
                ServiceProcess enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
                ServiceProcess audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", Map.of())) {
            String project = http.send(rules, "POST", "/api/projects", "{\"name\":\"soak\"}")
                    .get("id")
                    .asText();
            String env = http.send(rules, "POST", "/api/projects/" + project + "/environments", "{\"name\":\"prod\"}")
                    .get("id")
                    .asText();
            StringBuilder cidrs = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                cidrs.append("198.51.").append(i).append(".0/24\\n");
            }
            http.send(
                    rules,
                    "POST",
                    "/api/environments/" + env + "/ip-access-rules/bulk",
                    "{\"cidrs\":\"" + cidrs + "\"}");
            // denials while enforcement does not know the environment yet are reported to audit too
            long deniedBefore = ServiceProbes.awaitDecision(enforcement, env, "198.51.7.7", "ALLOW");

            Map<String, ServiceProcess> services =
                    Map.of("rule-service", rules, "enforcement-service", enforcement, "audit-service", audit);
            Map<String, long[]> heap = new java.util.TreeMap<>();
            services.forEach((name, service) -> heap.put(name, new long[] {ServiceProbes.heapAfterGc(service), 0}));

            SoakLoad decisions = new SoakLoad("decisions");
            SoakLoad forwardAuth = new SoakLoad("forward-auth");
            SoakLoad writes = new SoakLoad("rule writes");
            long deadline = System.nanoTime() + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            threads.add(SoakLoad.loop(decisions, deadline, (client, i) -> {
                // half allowed, half denied (NOT_ALLOWLISTED)
                String ip = (i % 2 == 0 ? "198.51." + (i % 100) : "203.0." + (i % 100)) + "." + (i % 250 + 1);
                HttpResponse<String> response = client.send(
                        ServiceProbes.decisionRequest(enforcement, env, ip), HttpResponse.BodyHandlers.ofString());
                String expected = i % 2 == 0 ? "ALLOW" : "DENY";
                if (response.statusCode() != 200) {
                    return SoakLoad.Outcome.ERROR;
                }
                String decision =
                        JSON.readTree(response.body()).path("decision").asText();
                return !decision.equals(expected)
                        ? SoakLoad.Outcome.ERROR
                        : expected.equals("DENY") ? SoakLoad.Outcome.DENIED : SoakLoad.Outcome.OK;
            }));
            threads.add(SoakLoad.loop(forwardAuth, deadline, (client, i) -> {
                // the peer (127.0.0.1) is the client: not on the list, so denied
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(enforcement.url() + "/v1/forward-auth?environmentId=" + env))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 403 ? SoakLoad.Outcome.DENIED : SoakLoad.Outcome.ERROR;
            }));
            threads.add(SoakLoad.loop(writes, deadline, (client, i) -> {
                Thread.sleep(50);
                String cidr = "10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256);
                HttpResponse<String> created = client.send(
                        HttpRequest.newBuilder(
                                        URI.create(rules.url() + "/api/environments/" + env + "/ip-access-rules"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"cidr\":\"" + cidr + "\",\"action\":\"deny\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    return SoakLoad.Outcome.ERROR;
                }
                String id = JSON.readTree(created.body()).get("id").asText();
                HttpResponse<Void> deleted = client.send(
                        HttpRequest.newBuilder(
                                        URI.create(rules.url() + "/api/environments/" + env + "/ip-access-rules/" + id))
                                .header("Authorization", "Bearer " + token)
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return deleted.statusCode() == 204 ? SoakLoad.Outcome.OK : SoakLoad.Outcome.ERROR;
            }));
            for (Thread thread : threads) {
                thread.join();
            }
            services.forEach((name, service) -> heap.get(name)[1] = ServiceProbes.heapAfterGc(service));
            long denied = deniedBefore + decisions.denied() + forwardAuth.denied();
            long audited = ServiceProbes.awaitAudited(http, audit, env, denied);
            return new Result(duration.toSeconds(), List.of(decisions, forwardAuth, writes), heap, denied, audited);
        }
    }
}
