package dev.ipfence.bench.system;

import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Rule creations by concurrent clients, each with its own connection and environment, all of one
 * organization or each of its own.
 */
public final class Writes {

    /**
     * Creations per client before the measured ones ({@code -Dipfence.bench.writes.warm-up}); 20 by
     * default, as in the figures so far.
     */
    private static final int WARM_UP = Integer.getInteger("ipfence.bench.writes.warm-up", 20);

    /** {@code creates} rule creations by {@code clients} concurrent clients. */
    public record Result(int clients, int creates, double perSecond, Percentiles latency) {}

    private Writes() {}

    /**
     * {@code clients} clients create {@code createsPerClient} rules each as fast as they get
     * answers (after {@link #WARM_UP} creations each); the creations per second over the whole run and
     * the latency of each.
     */
    public static Result run(ServiceProcess rules, int clients, int createsPerClient, boolean oneOrganization)
            throws Exception {
        String shared = TestTokens.admin(UUID.randomUUID());
        int warmUp = WARM_UP;
        List<String> tokens = new ArrayList<>();
        List<String> environments = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = oneOrganization ? shared : TestTokens.admin(UUID.randomUUID());
            tokens.add(token);
            environments.add(RuleServiceBenchmarks.environment(new Http(token), rules));
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
            return new Result(clients, all.size(), all.size() / seconds, Percentiles.of(all));
        } finally {
            pool.shutdownNow();
        }
    }

    private static String address(int client, int i) {
        return "10." + (100 + client) + "." + ((i / 256) % 256) + "." + (i % 256);
    }
}
