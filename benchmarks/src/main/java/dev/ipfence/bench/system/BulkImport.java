package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Bulk imports of 10,000 addresses, each into a new environment.
 *
 * <p>{@code java ... BulkImport [runs] [project root]}: rule-service alone, {@code runs} imports
 * (default 20), each in an organization of its own; {@code RULE_SERVICE_JAVA_OPTIONS} (e.g. a
 * flight recording) go to its JVM.
 */
public final class BulkImport {

    private BulkImport() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        String javaOptions =
                System.getenv().getOrDefault("RULE_SERVICE_JAVA_OPTIONS", "").trim();
        Map<String, String> environment = javaOptions.isEmpty() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", javaOptions);
        try (ServiceProcess rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", environment)) {
            List<Long> times = new ArrayList<>();
            Duration cpuBeforeLastHalf = Duration.ZERO;
            for (int i = 0; i < runs; i++) {
                if (i == runs / 2) {
                    cpuBeforeLastHalf = cpu(rules);
                }
                // an organization of its own for each run, so the runs stay within its rule quota
                times.addAll(run(new Http(TestTokens.admin(UUID.randomUUID())), rules, 1));
            }
            Duration cpuOfLastHalf = cpu(rules).minus(cpuBeforeLastHalf);
            System.out.printf("bulk import of 10,000 entries, ms per run: %s%n", times);
            System.out.printf(
                    "last half: %s; rule-service's CPU %.0f ms per import (its relay included)%n",
                    Percentiles.of(times.subList(runs / 2, runs).stream()
                            .map(Long::doubleValue)
                            .toList()),
                    cpuOfLastHalf.toNanos() / 1e6 / (runs - runs / 2));
        }
        System.exit(0);
    }

    /** The CPU time rule-service's process has used so far, all its threads together. */
    private static Duration cpu(ServiceProcess service) {
        return ProcessHandle.of(service.pid())
                .flatMap(process -> process.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + service.pid()));
    }

    /** Milliseconds of each of {@code runs} imports, from the start of the POST to its answer. */
    public static List<Long> run(Http http, ServiceProcess rules, int runs) throws Exception {
        String cidrs = IntStream.range(0, 10_000)
                .mapToObj(i -> "172." + (16 + i / 65_536) + "." + ((i / 256) % 256) + "." + (i % 256))
                .collect(Collectors.joining("\\n"));
        List<Long> times = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            String env = RuleServiceBenchmarks.environment(http, rules);
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
}
