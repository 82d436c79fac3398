package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.testing.ServiceProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Bulk imports of 10,000 addresses, each into a new environment. */
public final class BulkImport {

    private BulkImport() {}

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
