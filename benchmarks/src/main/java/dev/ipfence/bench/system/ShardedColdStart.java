package dev.ipfence.bench.system;

import dev.ipfence.core.events.Topic;
import dev.ipfence.enforcement.state.OrganizationShard;
import dev.ipfence.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Cold start of enforcement-service replicas that each serve one shard of the organizations
 * ({@code ipfence.enforcement.shard.*}): the rules of many organizations ({@link
 * GeneratedRulesTopic}, the stream {@link ShardFootprint} loads in process) go to the topic; then,
 * one shard after the other, a replica starts with an empty checkpoint directory (it reads the
 * whole topic and keeps its shard's rules), is stopped (it writes its checkpoint) and starts again
 * from the checkpoint. Each start is timed from process start to ready.
 *
 * <p>{@code java ... ShardedColdStart [rules] [organizations] [shards] [project root] [heap]};
 * {@code ENFORCEMENT_JAVA_OPTIONS} go to the service's JVM.
 */
public final class ShardedColdStart {

    private static final int BATCH = 50_000;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(30);

    private ShardedColdStart() {}

    /**
     * One replica's starts.
     *
     * @param generatedRules the generated rules of the shard's organizations
     * @param rulesHeld the rules it held after the start from the topic (the topic may hold others)
     * @param rulesHeldAfterRestart the same after the start from the checkpoint
     * @param checkpointUsed whether the second start read the checkpoint (its log says so)
     */
    public record Replica(
            OrganizationShard shard,
            long generatedRules,
            long fromTopicMillis,
            long fromCheckpointMillis,
            long rulesHeld,
            long rulesHeldAfterRestart,
            boolean checkpointUsed) {}

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int organizations = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path root = Path.of(args.length > 3 ? args[3] : ".");
        String heap = args.length > 4 ? args[4] : "6g";
        System.out.println(
                "shard,generated_rules,rules_held,from_topic_ms,from_checkpoint_ms,rules_held_after,checkpoint_used");
        for (Replica r : run(rules, organizations, shards, root, heap)) {
            System.out.printf(
                    "%s,%d,%d,%d,%d,%d,%s%n",
                    r.shard(),
                    r.generatedRules(),
                    r.rulesHeld(),
                    r.fromTopicMillis(),
                    r.fromCheckpointMillis(),
                    r.rulesHeldAfterRestart(),
                    r.checkpointUsed());
        }
        System.exit(0);
    }

    /** Writes the stream to the topic, then starts a replica of each shard twice, one after the other. */
    public static List<Replica> run(int rules, int organizations, int shards, Path root, String heap) throws Exception {
        GeneratedRulesTopic stream = new GeneratedRulesTopic(organizations);
        long producedMillis = produce(stream, rules);
        System.out.printf("%d rules of %d organizations on the topic in %d ms%n", rules, organizations, producedMillis);
        List<Replica> replicas = new ArrayList<>();
        Path log = Path.of("target", "enforcement-service.log").toAbsolutePath();
        for (int index = 0; index < shards; index++) {
            OrganizationShard shard = new OrganizationShard(index, shards);
            Path checkpoints = Files.createTempDirectory("enforcement-checkpoint");
            Map<String, String> environment = ColdStartBenchmark.serviceEnvironment(checkpoints);
            environment.put("IPFENCE_ENFORCEMENT_SHARD_INDEX", Integer.toString(index));
            environment.put("IPFENCE_ENFORCEMENT_SHARD_COUNT", Integer.toString(shards));
            try (ServiceProcess enforcement =
                    ServiceProcess.start(root, "enforcement-service", null, environment, heap, READY_TIMEOUT)) {
                long fromTopic = enforcement.lastStartMillis();
                long held = ColdStartBenchmark.rulesHeld(enforcement);
                long logFrom = Files.size(log);
                enforcement.restart();
                replicas.add(new Replica(
                        shard,
                        generatedRules(stream, rules, shard),
                        fromTopic,
                        enforcement.lastStartMillis(),
                        held,
                        ColdStartBenchmark.rulesHeld(enforcement),
                        ColdStartBenchmark.startedFromCheckpoint(log, logFrom)));
            } finally {
                ColdStartBenchmark.deleteDirectory(checkpoints);
            }
        }
        return replicas;
    }

    /** The generated rules that belong to the organizations of {@code shard}. */
    private static long generatedRules(GeneratedRulesTopic stream, int rules, OrganizationShard shard) {
        long served = 0;
        for (int org = 0; org < stream.organizations; org++) {
            if (shard.serves(stream.orgIds[org])) {
                // rule i belongs to organization i mod organizations
                served += rules / stream.organizations + (org < rules % stream.organizations ? 1 : 0);
            }
        }
        return served;
    }

    /** Every organization's environments, then the rules; the milliseconds it took. */
    private static long produce(GeneratedRulesTopic stream, int rules) throws Exception {
        long started = System.nanoTime();
        List<String> keys = new ArrayList<>(BATCH);
        List<byte[]> values = new ArrayList<>(BATCH);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = ColdStartBenchmark.bulkProducer()) {
            for (int org = 0; org < stream.organizations; org++) {
                stream.environments(org, keys, values);
                send(producer, keys, values, failure);
            }
            Random random = new Random(17);
            for (int i = 0; i < rules; i++) {
                stream.rule(i, random, keys, values);
                if (keys.size() == BATCH) {
                    send(producer, keys, values, failure);
                }
            }
            send(producer, keys, values, failure);
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a record could not be written", failure.get());
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static void send(
            KafkaProducer<String, byte[]> producer,
            List<String> keys,
            List<byte[]> values,
            AtomicReference<Exception> failure) {
        if (failure.get() != null) {
            throw new IllegalStateException("a record could not be written", failure.get());
        }
        for (int i = 0; i < keys.size(); i++) {
            producer.send(new ProducerRecord<>(Topic.RULES.topicName(), keys.get(i), values.get(i)), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        keys.clear();
        values.clear();
    }
}
