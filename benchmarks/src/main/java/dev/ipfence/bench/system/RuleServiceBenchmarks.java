package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Measurements through the running services (packaged jars, real PostgreSQL and Kafka):
 * propagation, from the 201 of a rule creation at rule-service to the first changed decision at
 * enforcement-service; and bulk import of 10,000 entries.
 *
 * <p>{@code java ... RuleServiceBenchmarks [changes] [project root]}
 */
public final class RuleServiceBenchmarks {

    public record Propagation(int changes, double p50Millis, double p99Millis, double maxMillis) {}

    private RuleServiceBenchmarks() {}

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        try (ServiceProcess rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
                ServiceProcess enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of())) {
            Http http = new Http(TestTokens.admin(UUID.randomUUID()));
            Propagation p = propagation(http, rules, enforcement, changes);
            System.out.printf(
                    "propagation: %d changes, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    p.changes(), p.p50Millis(), p.p99Millis(), p.maxMillis());
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
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < warmUp + changes; i++) {
            String ip = "10." + (1 + i / 65_536) + "." + ((i / 256) % 256) + "." + (i % 256);
            long created;
            http.send(rules, "POST", "/api/environments/" + env + "/ip-access-rules", "{\"cidr\":\"" + ip + "\"}");
            created = System.nanoTime();
            String body = "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}";
            while (!"ALLOW"
                    .equals(http.send(enforcement, "POST", "/v1/decisions", body)
                            .get("decision")
                            .asText())) {
                if (System.nanoTime() - created > 10_000_000_000L) {
                    throw new IllegalStateException("change " + i + " not visible after 10 s");
                }
            }
            if (i >= warmUp) {
                millis.add((System.nanoTime() - created) / 1e6);
            }
        }
        Collections.sort(millis);
        return new Propagation(changes, percentile(millis, 50), percentile(millis, 99), millis.get(millis.size() - 1));
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
