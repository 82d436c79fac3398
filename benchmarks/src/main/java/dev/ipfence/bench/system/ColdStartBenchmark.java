package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.bench.matcher.RuleCorpus;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.ChangeEvent.Change;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.events.Topic;
import dev.ipfence.core.model.Rule;
import dev.ipfence.testing.DevServersProcess;
import dev.ipfence.testing.EventJson;
import dev.ipfence.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Cold start of enforcement-service: {@code rules} rule events (the matcher benchmark's corpus,
 * in one environment chain) are on the topic first; then the service starts with a checkpoint
 * directory that is empty, so it replays the whole topic (from the topic). Then the service is
 * stopped (it writes its checkpoint), 1% more rules (at least 10, a new chain) go to the topic,
 * and it starts again: it reads the checkpoint and replays only the tail (from the checkpoint); as
 * many times as asked, so that a median can be taken. Each time is from process start to ready
 * (topic replayed, snapshots compiled).
 *
 * <p>{@code java ... ColdStartBenchmark [rules] [project root] [heap] [restarts]}; {@code
 * ENFORCEMENT_JAVA_OPTIONS} go to the service's JVM (e.g. a flight recording).
 */
public final class ColdStartBenchmark {

    private static final String FROM_CHECKPOINT = "from the checkpoint's offsets";

    private ColdStartBenchmark() {}

    /**
     * @param fromCheckpointMillis each start from the checkpoint, in order
     * @param rulesBefore rules held after the start from the topic
     * @param tail rules written after it, in all
     * @param rulesAfter rules held after the last start from the checkpoint
     * @param checkpointUsed whether every start after the first replayed from the checkpoint (its log says so)
     */
    public record Result(
            long fromTopicMillis,
            List<Long> fromCheckpointMillis,
            long rulesBefore,
            int tail,
            long rulesAfter,
            boolean checkpointUsed) {

        /** The median start from the checkpoint (the lower middle one of an even count). */
        public long fromCheckpointMedianMillis() {
            List<Long> sorted = fromCheckpointMillis.stream().sorted().toList();
            return sorted.get((sorted.size() - 1) / 2);
        }
    }

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        String heap = args.length > 2 ? args[2] : "4g";
        int restarts = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Result result = run(rules, root, heap, restarts);
        System.out.printf(
                "cold start with %d rules (heap %s, jar of %s): from the topic %d ms; from a checkpoint, each time after"
                        + " 1%% more rules of tail: %s ms (median %d) from process start to ready; rules held %d then %d;"
                        + " checkpoint used: %s%n",
                rules,
                heap,
                root.toAbsolutePath().normalize(),
                result.fromTopicMillis(),
                result.fromCheckpointMillis(),
                result.fromCheckpointMedianMillis(),
                result.rulesBefore(),
                result.rulesAfter(),
                result.checkpointUsed());
        System.exit(0);
    }

    /** One start from the topic, then {@code restarts} starts from the checkpoint, each after a tail of 1% more rules. */
    public static Result run(int rules, Path root, String heap, int restarts) throws Exception {
        produce(rules, 7);
        Path checkpoints = Files.createTempDirectory("enforcement-checkpoint");
        Path log = Path.of("target", "enforcement-service.log").toAbsolutePath();
        Map<String, String> environment = serviceEnvironment(checkpoints);
        try (ServiceProcess enforcement = ServiceProcess.start(root, "enforcement-service", null, environment, heap)) {
            long fromTopic = enforcement.lastStartMillis();
            long before = rulesHeld(enforcement);
            List<Long> fromCheckpoint = new ArrayList<>();
            int tail = 0;
            boolean checkpointUsed = true;
            for (int restart = 0; restart < restarts; restart++) {
                long logFrom = Files.size(log);
                // stopped first (it writes its checkpoint), so that the tail is on the topic only
                enforcement.stop();
                tail += produce(Math.max(10, rules / 100), System.nanoTime());
                enforcement.restart();
                fromCheckpoint.add(enforcement.lastStartMillis());
                checkpointUsed &= startedFromCheckpoint(log, logFrom);
            }
            return new Result(fromTopic, fromCheckpoint, before, tail, rulesHeld(enforcement), checkpointUsed);
        } finally {
            deleteDirectory(checkpoints);
        }
    }

    /** Deletes a checkpoint directory and its files. */
    static void deleteDirectory(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    /** The service's settings for a start with its checkpoint in {@code checkpoints}, and ENFORCEMENT_JAVA_OPTIONS. */
    static Map<String, String> serviceEnvironment(Path checkpoints) {
        Map<String, String> environment = new HashMap<>();
        environment.put("IPFENCE_ENFORCEMENT_CHECKPOINT_DIR", checkpoints.toString());
        String javaOptions =
                System.getenv().getOrDefault("ENFORCEMENT_JAVA_OPTIONS", "").trim();
        if (!javaOptions.isEmpty()) {
            environment.put("JAVA_TOOL_OPTIONS", javaOptions);
        }
        return environment;
    }

    /** The service's log says, after byte {@code logFrom}, that its last start read the checkpoint. */
    static boolean startedFromCheckpoint(Path log, long logFrom) throws java.io.IOException {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logFrom);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(FROM_CHECKPOINT);
        }
    }

    /** The rules the service holds, as its readiness check reports them. */
    static long rulesHeld(ServiceProcess service) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode checks = EventJson.MAPPER.readTree(response.body()).path("checks");
        for (JsonNode check : checks) {
            if (check.path("data").has("rules")) {
                return check.path("data").path("rules").asLong();
            }
        }
        throw new IllegalStateException("no rule count in " + response.body());
    }

    /** Writes an environment and {@code count} rules of a corpus made from {@code seed}; the rules written. */
    private static int produce(int count, long seed) throws Exception {
        ObjectMapper json = EventJson.MAPPER;
        RuleCorpus corpus = new RuleCorpus(count, 1, seed);
        UUID org = corpus.org.isEmpty() ? UUID.randomUUID() : corpus.org.get(0).scopeId();
        UUID project = corpus.project.isEmpty()
                ? UUID.randomUUID()
                : corpus.project.get(0).scopeId();
        UUID env = corpus.environment.isEmpty()
                ? UUID.randomUUID()
                : corpus.environment.get(0).scopeId();
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = bulkProducer()) {
            EnvironmentState state = new EnvironmentState(env, org, project, "bench", now, now, "bench", "bench", 1);
            send(
                    producer,
                    json,
                    new ChangeEvent<>(
                            EntityType.environment, Change.created, env, org, 1, false, "bench", now, state, null));
            for (List<Rule> scope : List.of(corpus.environment, corpus.project, corpus.org)) {
                for (Rule rule : scope) {
                    RuleState ruleState = RuleState.of(rule, org, rule.createdAt(), "bench", 1);
                    send(
                            producer,
                            json,
                            new ChangeEvent<>(
                                    EntityType.rule,
                                    Change.created,
                                    rule.id(),
                                    org,
                                    1,
                                    false,
                                    "bench",
                                    now,
                                    ruleState,
                                    null));
                }
            }
            producer.flush();
        }
        return corpus.environment.size() + corpus.project.size() + corpus.org.size();
    }

    /** A producer to the project's broker that fills large batches, for writing a topic's worth of records. */
    static KafkaProducer<String, byte[]> bulkProducer() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                DevServersProcess.shared().kafkaBootstrap(),
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                524_288,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "none");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, ObjectMapper json, ChangeEvent<?> event)
            throws Exception {
        producer.send(
                new ProducerRecord<>(Topic.RULES.topicName(), event.id().toString(), json.writeValueAsBytes(event)));
    }
}
