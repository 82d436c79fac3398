package dev.ipfence.bench.system;

import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Measurements through the running services (packaged jars, real PostgreSQL and Kafka): {@link
 * Propagation} of rule changes to enforcement-service, rule creations by concurrent clients
 * ({@link Writes}) and {@link BulkImport} of 10,000 entries.
 *
 * <p>{@code java ... RuleServiceBenchmarks [changes] [project root]}
 */
public final class RuleServiceBenchmarks {

    private RuleServiceBenchmarks() {}

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        try (ServiceProcess rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
                ServiceProcess enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of())) {
            Http http = new Http(TestTokens.admin(UUID.randomUUID()));
            Propagation.Result p = Propagation.run(http, rules, enforcement, changes);
            System.out.printf(
                    "propagation: %d changes; from the 201: %s; from the start of the POST: %s%n",
                    p.changes(), p.fromCreated(), p.fromPostStart());
            p.stages().forEach((stage, millis) -> System.out.printf("  %s: %s%n", stage, millis));
            System.out.printf(
                    "enforcement-service snapshot rebuilds: %s%n", rebuilds(enforcement.url() + "/q/metrics"));
            for (boolean oneOrganization : new boolean[] {true, false}) {
                Writes.Result w = Writes.run(rules, 16, 500, oneOrganization);
                System.out.printf(
                        "rule creation, %s: %d clients, %d creates, %.0f creates/s, %s%n",
                        oneOrganization ? "one organization" : "one organization per client",
                        w.clients(),
                        w.creates(),
                        w.perSecond(),
                        w.latency());
            }
            List<Long> bulk = BulkImport.run(http, rules, 5);
            System.out.printf("bulk import of 10,000 entries, ms per run: %s%n", bulk);
        }
        System.exit(0);
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

    /** A new project and environment of the organization of {@code http}'s token; the environment's id. */
    static String environment(Http http, ServiceProcess rules) throws Exception {
        String project = http.send(rules, "POST", "/api/projects", "{\"name\":\"bench\"}")
                .get("id")
                .asText();
        return http.send(rules, "POST", "/api/projects/" + project + "/environments", "{\"name\":\"bench\"}")
                .get("id")
                .asText();
    }
}
