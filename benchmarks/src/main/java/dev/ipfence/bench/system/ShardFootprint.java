package dev.ipfence.bench.system;

import dev.ipfence.bench.matcher.RuleCorpus;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.decisions.Decider;
import dev.ipfence.enforcement.state.ChainTables;
import dev.ipfence.enforcement.state.OrganizationShard;
import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.enforcement.state.RuleEventReader;
import dev.ipfence.enforcement.state.RuleStore;
import dev.ipfence.enforcement.state.Snapshot;
import dev.ipfence.testing.EventJson;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What one replica of each shard holds and costs when the rules of many organizations are split
 * over shards ({@code ipfence.enforcement.shard.*}): each replica reads every record of the stream,
 * as a replica reads the whole topic, and keeps its own organizations' rules. Per replica: rules
 * held, records left out, live heap of its rule state (used heap after a full GC, less the heap
 * before), the time to read, apply and compile the stream in this JVM (events read on all cores in
 * batches, as the service reads a poll batch; generating the events is not timed), and decisions
 * per second in one thread for its own organizations. Each organization has 10 projects of 10
 * environments; 10% of its rules on the organization, 30% on projects, 60% on environments.
 * {@code java ... ShardFootprint rules organizations shards}
 */
public final class ShardFootprint {

    private static final int BATCH = 50_000;

    private ShardFootprint() {}

    /** One replica's figures. */
    public record Replica(
            OrganizationShard shard,
            long rulesHeld,
            long recordsLeftOut,
            long heapBytes,
            long loadMillis,
            double decisionsPerSecond,
            long otherShardAnswers) {

        public double bytesPerRuleHeld() {
            return rulesHeld == 0 ? 0 : heapBytes / (double) rulesHeld;
        }
    }

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int organizations = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        System.out.println("shard,rules_held,records_left_out,heap_bytes,bytes_per_rule_held,load_ms,decisions_per_s");
        for (int index = 0; index < shards; index++) {
            Replica r = measure(rules, organizations, new OrganizationShard(index, shards), 1 << 20);
            System.out.printf(
                    "%s,%d,%d,%d,%.1f,%d,%.0f%n",
                    r.shard(),
                    r.rulesHeld(),
                    r.recordsLeftOut(),
                    r.heapBytes(),
                    r.bytesPerRuleHeld(),
                    r.loadMillis(),
                    r.decisionsPerSecond());
        }
    }

    /**
     * Loads the stream of {@code rules} over {@code organizations} into a replica of {@code shard},
     * then times {@code probes} decisions for its organizations.
     */
    public static Replica measure(int rules, int organizations, OrganizationShard shard, int probes) throws Exception {
        GeneratedRulesTopic stream = new GeneratedRulesTopic(organizations);
        long heapBefore = usedHeapAfterGc();
        RuleStore store = new RuleStore(Clock.systemUTC(), shard);
        RuleEventReader reader = new RuleEventReader(EventJson.MAPPER);
        long loadNanos = 0;
        List<String> keys = new ArrayList<>(BATCH);
        List<byte[]> values = new ArrayList<>(BATCH);
        for (int o = 0; o < organizations; o++) {
            stream.environments(o, keys, values);
            loadNanos += apply(store, reader, keys, values);
        }
        Random random = new Random(17);
        for (int i = 0; i < rules; i++) {
            stream.rule(i, random, keys, values);
            if (keys.size() == BATCH || i == rules - 1) {
                loadNanos += apply(store, reader, keys, values);
            }
        }
        long started = System.nanoTime();
        store.publish();
        loadNanos += System.nanoTime() - started;
        long heap = usedHeapAfterGc() - heapBefore;
        double[] lookups = decisionsPerSecond(store, stream, shard, probes);
        return new Replica(
                shard,
                store.snapshot().ruleCount(),
                store.otherShardRecords(),
                heap,
                loadNanos / 1_000_000,
                lookups[0],
                (long) lookups[1]);
    }

    private static long apply(RuleStore store, RuleEventReader reader, List<String> keys, List<byte[]> values) {
        long started = System.nanoTime();
        List<RuleEvent> events = java.util.stream.IntStream.range(0, keys.size())
                .parallel()
                .mapToObj(i -> reader.read(keys.get(i), values.get(i)))
                .toList();
        for (RuleEvent event : events) {
            store.apply(event, "shard-footprint");
        }
        keys.clear();
        values.clear();
        return System.nanoTime() - started;
    }

    /**
     * Decisions per second in one thread for the replica's own environments (best of 5 rounds), and
     * how many of them answered OTHER_SHARD (none should).
     */
    private static double[] decisionsPerSecond(
            RuleStore store, GeneratedRulesTopic stream, OrganizationShard shard, int probes) {
        Snapshot snapshot = store.snapshot();
        Decider decider = new Decider(new ChainTables(store::snapshot, Integer.MAX_VALUE, 0, Runnable::run));
        Random random = new Random(23);
        EnvironmentState[] envs = new EnvironmentState[probes];
        IpAddress[] clients = new IpAddress[probes];
        int found = 0;
        while (found < probes) {
            int org = random.nextInt(stream.organizations);
            if (!shard.serves(stream.orgIds[org])) {
                continue;
            }
            envs[found] = snapshot.environment(stream.envIds[org * 100 + random.nextInt(100)]);
            clients[found] = RuleCorpus.block(random).first();
            found++;
        }
        long now = Liveness.micros(Instant.now());
        double best = 0;
        long otherShard = 0;
        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < probes; i++) {
                Decision decision = decider.decide(snapshot, envs[i], clients[i], null, now);
                otherShard += decision.reason() == Decision.Reason.OTHER_SHARD ? 1 : 0;
            }
            best = Math.max(best, probes / ((System.nanoTime() - started) / 1e9));
        }
        return new double[] {best, otherShard};
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
