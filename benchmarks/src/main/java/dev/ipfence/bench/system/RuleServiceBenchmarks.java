package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Measurements through the running services (packaged jars, real PostgreSQL and Kafka):
 * propagation, from the start of a rule creation's POST and from its 201 at rule-service to the
 * first changed decision at enforcement-service; rule creations by concurrent clients; and bulk
 * import of 10,000 entries.
 *
 * <p>{@code java ... RuleServiceBenchmarks [changes] [project root]}
 */
public final class RuleServiceBenchmarks {

    /** p50, p99 and max in milliseconds of one series. */
    public record Percentiles(double p50Millis, double p99Millis, double maxMillis) {

        static Percentiles of(List<Double> millis) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return new Percentiles(percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
        }

        @Override
        public String toString() {
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50Millis, p99Millis, maxMillis);
        }
    }

    /** Propagation of {@code changes} rule creations, timed from their 201 and from the start of their POST. */
    public record Propagation(int changes, Percentiles fromCreated, Percentiles fromPostStart) {}

    /** {@code creates} rule creations by {@code clients} concurrent clients. */
    public record Writes(int clients, int creates, double perSecond, Percentiles latency) {}

    private RuleServiceBenchmarks() {}

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        try (ServiceProcess rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
                ServiceProcess enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of())) {
            Http http = new Http(TestTokens.admin(UUID.randomUUID()));
            Propagation p = propagation(http, rules, enforcement, changes);
            System.out.printf(
                    "propagation: %d changes; from the 201: %s; from the start of the POST: %s%n",
                    p.changes(), p.fromCreated(), p.fromPostStart());
            System.out.printf(
                    "enforcement-service snapshot rebuilds: %s%n", rebuilds(enforcement.url() + "/q/metrics"));
            for (boolean oneOrganization : new boolean[] {true, false}) {
                Writes w = writes(rules, 16, 500, oneOrganization);
                System.out.printf(
                        "rule creation, %s: %d clients, %d creates, %.0f creates/s, %s%n",
                        oneOrganization ? "one organization" : "one organization per client",
                        w.clients(),
                        w.creates(),
                        w.perSecond(),
                        w.latency());
            }
            List<Long> bulk = bulkImport(http, rules, 5);
            System.out.printf("bulk import of 10,000 entries, ms per run: %s%n", bulk);
        }
        System.exit(0);
    }

    public static Propagation propagation(Http http, ServiceProcess rules, ServiceProcess enforcement, int changes)
            throws Exception {
        String env = environment(http, rules);
        http.send(rules, "POST", "/api/environments/" + env + "/ip-access-rules", "{\"cidr\":\"10.0.0.1\"}");
        int warmUp = Math.min(20, changes);
        List<Double> fromCreated = new ArrayList<>();
        List<Double> fromPostStart = new ArrayList<>();
        for (int i = 0; i < warmUp + changes; i++) {
            String ip = "10." + (1 + i / 65_536) + "." + ((i / 256) % 256) + "." + (i % 256);
            long posted = System.nanoTime();
            http.send(rules, "POST", "/api/environments/" + env + "/ip-access-rules", "{\"cidr\":\"" + ip + "\"}");
            long created = System.nanoTime();
            String body = "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}";
            while (!"ALLOW"
                    .equals(http.send(enforcement, "POST", "/v1/decisions", body)
                            .get("decision")
                            .asText())) {
                if (System.nanoTime() - created > 10_000_000_000L) {
                    throw new IllegalStateException("change " + i + " not visible after 10 s");
                }
            }
            long decided = System.nanoTime();
            if (i >= warmUp) {
                fromCreated.add((decided - created) / 1e6);
                fromPostStart.add((decided - posted) / 1e6);
            }
        }
        return new Propagation(changes, Percentiles.of(fromCreated), Percentiles.of(fromPostStart));
    }

    /**
     * {@code clients} clients, each with its own connection and environment, all of one
     * organization or each of its own, create {@code createsPerClient} rules each as fast as they
     * get answers (after 20 warm-up creations each); the creations per second over the whole run
     * and the latency of each.
     */
    public static Writes writes(ServiceProcess rules, int clients, int createsPerClient, boolean oneOrganization)
            throws Exception {
        String shared = TestTokens.admin(UUID.randomUUID());
        int warmUp = 20;
        List<String> tokens = new ArrayList<>();
        List<String> environments = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = oneOrganization ? shared : TestTokens.admin(UUID.randomUUID());
            tokens.add(token);
            environments.add(environment(new Http(token), rules));
        }
        CyclicBarrier start = new CyclicBarrier(clients + 1);
        CyclicBarrier end = new CyclicBarrier(clients + 1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Double>>> results = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    Http http = new Http(tokens.get(client));
                    String path = "/api/environments/" + environments.get(client) + "/ip-access-rules";
                    for (int i = 0; i < warmUp; i++) {
                        http.send(rules, "POST", path, "{\"cidr\":\"" + address(client, i) + "\"}");
                    }
                    start.await();
                    List<Double> millis = new ArrayList<>(createsPerClient);
                    for (int i = warmUp; i < warmUp + createsPerClient; i++) {
                        long started = System.nanoTime();
                        http.send(rules, "POST", path, "{\"cidr\":\"" + address(client, i) + "\"}");
                        millis.add((System.nanoTime() - started) / 1e6);
                    }
                    end.await();
                    return millis;
                }));
            }
            start.await(5, TimeUnit.MINUTES);
            long started = System.nanoTime();
            end.await(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> result : results) {
                all.addAll(result.get());
            }
            return new Writes(clients, all.size(), all.size() / seconds, Percentiles.of(all));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The count, mean and max of enforcement-service's {@code ipfence.matcher.rebuild} timer. */
    public static String rebuilds(String metricsUrl) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        double count = series(text, "ipfence_matcher_rebuild_seconds_count");
        double sum = series(text, "ipfence_matcher_rebuild_seconds_sum");
        double max = series(text, "ipfence_matcher_rebuild_seconds_max");
        return String.format("%.0f, mean %.2f ms, max %.2f ms", count, count == 0 ? 0 : sum / count * 1e3, max * 1e3);
    }

    private static double series(String text, String name) {
        return text.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    private static String address(int client, int i) {
        return "10." + (100 + client) + "." + ((i / 256) % 256) + "." + (i % 256);
    }

    public static List<Long> bulkImport(Http http, ServiceProcess rules, int runs) throws Exception {
        String cidrs = IntStream.range(0, 10_000)
                .mapToObj(i -> "172." + (16 + i / 65_536) + "." + ((i / 256) % 256) + "." + (i % 256))
                .collect(Collectors.joining("\\n"));
        List<Long> times = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            String env = environment(http, rules);
            long started = System.nanoTime();
            JsonNode result = http.send(
                    rules,
                    "POST",
                    "/api/environments/" + env + "/ip-access-rules/bulk",
                    "{\"cidrs\":\"" + cidrs + "\"}");
            times.add((System.nanoTime() - started) / 1_000_000);
            if (result.get("created").asInt() != 10_000) {
                throw new IllegalStateException("bulk import created " + result.get("created"));
            }
        }
        return times;
    }

    private static String environment(Http http, ServiceProcess rules) throws Exception {
        String project = http.send(rules, "POST", "/api/projects", "{\"name\":\"bench\"}")
                .get("id")
                .asText();
        return http.send(rules, "POST", "/api/projects/" + project + "/environments", "{\"name\":\"bench\"}")
                .get("id")
                .asText();
    }

    static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
