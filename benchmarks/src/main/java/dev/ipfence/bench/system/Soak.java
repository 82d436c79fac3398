package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

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
    /** No loop sends more than this, whatever the duration. */
    private static final long MAX_REQUESTS_PER_LOOP = 20_000_000;

    private Soak() {}

    /** One kind of request: how many, how many failed, and their latencies in microseconds. */
    public static final class Load {
        final String name;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong denied = new AtomicLong();
        final ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        /** The first few errors, as what happened: the answer or the exception. */
        final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

        Load(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }

        public long sent() {
            return sent.get();
        }

        public long errors() {
            return errors.get();
        }

        public long denied() {
            return denied.get();
        }

        public List<String> firstErrors() {
            return List.copyOf(firstErrors);
        }

        public double p99Millis() {
            long[] all = latencies.stream()
                    .flatMapToLong(Arrays::stream)
                    .filter(v -> v > 0)
                    .sorted()
                    .toArray();
            return all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1000.0;
        }
    }

    public record Result(
            long seconds,
            List<Load> loads,
            Map<String, long[]> heapAfterGcStartEnd,
            long deniedRequests,
            long auditedAttempts) {}

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 600;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        Result result = run(root, Duration.ofSeconds(seconds));
        System.out.printf("soak of %d s%n", result.seconds());
        System.out.println("load,requests,per_second,errors,denied,p99_ms");
        for (Load load : result.loads()) {
            System.out.printf(
                    "%s,%d,%.0f,%d,%d,%.2f%n",
                    load.name,
                    load.sent(),
                    load.sent() / (double) result.seconds(),
                    load.errors(),
                    load.denied(),
                    load.p99Millis());
        }
        for (Load load : result.loads()) {
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
            long deniedBefore = awaitDecision(enforcement, env, "198.51.7.7", "ALLOW");

            Map<String, ServiceProcess> services =
                    Map.of("rule-service", rules, "enforcement-service", enforcement, "audit-service", audit);
            Map<String, long[]> heap = new java.util.TreeMap<>();
            services.forEach((name, service) -> heap.put(name, new long[] {heapAfterGc(service), 0}));

            Load decisions = new Load("decisions");
            Load forwardAuth = new Load("forward-auth");
            Load writes = new Load("rule writes");
            long deadline = System.nanoTime() + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            threads.add(loop(decisions, deadline, (client, i) -> {
                // half allowed, half denied (NOT_ALLOWLISTED)
                String ip = (i % 2 == 0 ? "198.51." + (i % 100) : "203.0." + (i % 100)) + "." + (i % 250 + 1);
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(enforcement.url() + "/v1/decisions"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                String expected = i % 2 == 0 ? "ALLOW" : "DENY";
                if (response.statusCode() != 200) {
                    return Outcome.ERROR;
                }
                String decision =
                        JSON.readTree(response.body()).path("decision").asText();
                return !decision.equals(expected)
                        ? Outcome.ERROR
                        : expected.equals("DENY") ? Outcome.DENIED : Outcome.OK;
            }));
            threads.add(loop(forwardAuth, deadline, (client, i) -> {
                // the peer (127.0.0.1) is the client: not on the list, so denied
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(enforcement.url() + "/v1/forward-auth?environmentId=" + env))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 403 ? Outcome.DENIED : Outcome.ERROR;
            }));
            threads.add(loop(writes, deadline, (client, i) -> {
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
                    return Outcome.ERROR;
                }
                String id = JSON.readTree(created.body()).get("id").asText();
                HttpResponse<Void> deleted = client.send(
                        HttpRequest.newBuilder(
                                        URI.create(rules.url() + "/api/environments/" + env + "/ip-access-rules/" + id))
                                .header("Authorization", "Bearer " + token)
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return deleted.statusCode() == 204 ? Outcome.OK : Outcome.ERROR;
            }));
            for (Thread thread : threads) {
                thread.join();
            }
            services.forEach((name, service) -> heap.get(name)[1] = heapAfterGc(service));
            long denied = deniedBefore + decisions.denied() + forwardAuth.denied();
            long audited = awaitAudited(http, audit, env, denied);
            return new Result(duration.toSeconds(), List.of(decisions, forwardAuth, writes), heap, denied, audited);
        }
    }

    enum Outcome {
        OK,
        DENIED,
        ERROR
    }

    interface Step {
        Outcome run(HttpClient client, long i) throws Exception;
    }

    private static Thread loop(Load load, long deadline, Step step) {
        Thread thread = new Thread(
                () -> {
                    HttpClient client = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(2))
                            .build();
                    long[] block = new long[10_000];
                    int used = 0;
                    for (long i = 0; i < MAX_REQUESTS_PER_LOOP && System.nanoTime() < deadline; i++) {
                        long started = System.nanoTime();
                        Outcome outcome;
                        String failure = "unexpected answer";
                        try {
                            outcome = step.run(client, i);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            outcome = Outcome.ERROR;
                            failure = e.toString();
                        }
                        long micros = (System.nanoTime() - started) / 1000;
                        load.sent.incrementAndGet();
                        if (outcome == Outcome.ERROR) {
                            load.errors.incrementAndGet();
                            if (load.firstErrors.size() < 5) {
                                load.firstErrors.add("request " + i + ": " + failure);
                            }
                        } else if (outcome == Outcome.DENIED) {
                            load.denied.incrementAndGet();
                        }
                        block[used++] = Math.max(1, micros);
                        if (used == block.length) {
                            load.latencies.add(block);
                            block = new long[block.length];
                            used = 0;
                        }
                    }
                    load.latencies.add(Arrays.copyOf(block, used));
                },
                "soak-" + load.name);
        thread.start();
        return thread;
    }

    /** Bytes of heap in use right after a full GC (jcmd GC.run, then the service's own metric). */
    private static long heapAfterGc(ServiceProcess service) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(service.pid()), "GC.run")
                    .redirectErrorStream(true)
                    .start();
            jcmd.getInputStream().readAllBytes();
            if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return -1;
            }
            Thread.sleep(500);
            // HTTP/1.1 and a timeout: a stuck exchange must fail the run, not hang the build
            HttpResponse<String> metrics = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(java.time.Duration.ofSeconds(10))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics"))
                                    .timeout(java.time.Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            long bytes = 0;
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    bytes += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return bytes;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What audit-service stored for the environment, counted by each attempt's {@code count}, once it stops growing. */
    private static long awaitAudited(Http http, ServiceProcess audit, String env, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long total = -1;
        while (System.nanoTime() < deadline) {
            JsonNode page = http.send(audit, "GET", "/api/environments/" + env + "/blocked-attempts?limit=1", null);
            total = page.path("total").asLong();
            if (total >= expected) {
                return total;
            }
            Thread.sleep(500);
        }
        return total;
    }

    /** Asks until the decision is as given; returns how many DENY answers came before. */
    private static long awaitDecision(ServiceProcess enforcement, String env, String ip, String decision)
            throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long denied = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(enforcement.url() + "/v1/decisions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String answer = response.statusCode() == 200
                    ? JSON.readTree(response.body()).path("decision").asText()
                    : null;
            if (decision.equals(answer)) {
                return denied;
            }
            if ("DENY".equals(answer)) {
                denied++;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("enforcement never answered " + decision + " for " + ip);
    }
}
