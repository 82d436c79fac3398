package dev.ipfence.bench.system;

import dev.ipfence.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Propagation of rule creations: for each, an allow rule for a new address, then decisions for
 * that address at enforcement-service until it is allowed. Timed from the start of the POST and
 * from its 201, with the stages in between taken from the rule's record on the rules topic (read
 * by a consumer of the benchmark's own): when its transaction started ({@code ce_time}), when the
 * outbox relay sent it (the record's timestamp, whole milliseconds) and when it could be read.
 */
public final class Propagation {

    /** The stages, in order, each in milliseconds after the start of the POST. */
    public static final List<String> TIMELINE =
            List.of("transaction start", "201", "record sent", "record read", "changed decision");

    /**
     * {@code changes} rule creations timed from their 201 and from the start of their POST;
     * {@code stages}: each of {@link #TIMELINE} after the start of the POST, then the time between
     * consecutive stages of the rule's way.
     */
    public record Result(
            int changes, Percentiles fromCreated, Percentiles fromPostStart, Map<String, Percentiles> stages) {}

    /**
     * A pause between two decision requests of the probe ({@code
     * -Dipfence.bench.probe-pause-micros}); none by default: a change is seen as soon as it can be.
     */
    private static final long PROBE_PAUSE_NANOS = Long.getLong("ipfence.bench.probe-pause-micros", 0) * 1_000;

    private Propagation() {}

    public static Result run(Http http, ServiceProcess rules, ServiceProcess enforcement, int changes)
            throws Exception {
        String env = RuleServiceBenchmarks.environment(http, rules);
        String path = "/api/environments/" + env + "/ip-access-rules";
        int warmUp = Math.min(20, changes);
        List<long[]> timelines = new ArrayList<>();
        try (RuleTopicWatch watch = new RuleTopicWatch()) {
            http.send(rules, "POST", path, "{\"cidr\":\"10.0.0.1\"}");
            for (int i = 0; i < warmUp + changes; i++) {
                String ip = "10." + (1 + i / 65_536) + "." + ((i / 256) % 256) + "." + (i % 256);
                long posted = RuleTopicWatch.nowMicros();
                String id = http.send(rules, "POST", path, "{\"cidr\":\"" + ip + "\"}")
                        .get("id")
                        .asText();
                long created = RuleTopicWatch.nowMicros();
                String body = "{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}";
                while (!"ALLOW"
                        .equals(http.send(enforcement, "POST", "/v1/decisions", body)
                                .get("decision")
                                .asText())) {
                    if (RuleTopicWatch.nowMicros() - created > 10_000_000L) {
                        throw new IllegalStateException("change " + i + " not visible after 10 s");
                    }
                    if (PROBE_PAUSE_NANOS > 0) {
                        LockSupport.parkNanos(PROBE_PAUSE_NANOS);
                    }
                }
                long decided = RuleTopicWatch.nowMicros();
                RuleTopicWatch.Seen seen = watch.await(id, Duration.ofSeconds(10));
                if (i >= warmUp) {
                    timelines.add(
                            new long[] {posted, seen.transactionStart(), created, seen.sent(), seen.read(), decided});
                }
            }
        }
        return new Result(
                changes,
                Percentiles.of(series(timelines, 2, 5)),
                Percentiles.of(series(timelines, 0, 5)),
                stages(timelines));
    }

    private static Map<String, Percentiles> stages(List<long[]> timelines) {
        Map<String, Percentiles> stages = new LinkedHashMap<>();
        for (int stage = 0; stage < TIMELINE.size(); stage++) {
            stages.put("POST start -> " + TIMELINE.get(stage), Percentiles.of(series(timelines, 0, stage + 1)));
        }
        stages.put("201 -> record sent", Percentiles.of(series(timelines, 2, 3)));
        stages.put("transaction start -> record sent", Percentiles.of(series(timelines, 1, 3)));
        stages.put("record sent -> record read", Percentiles.of(series(timelines, 3, 4)));
        stages.put("record read -> changed decision", Percentiles.of(series(timelines, 4, 5)));
        return stages;
    }

    private static List<Double> series(List<long[]> timelines, int from, int to) {
        List<Double> millis = new ArrayList<>(timelines.size());
        for (long[] timeline : timelines) {
            millis.add((timeline[to] - timeline[from]) / 1e3);
        }
        return millis;
    }
}
