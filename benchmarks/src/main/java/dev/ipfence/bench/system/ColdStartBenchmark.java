package dev.ipfence.bench.system;

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
import java.nio.file.Path;
import java.time.Instant;
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
 * in one environment chain) are on the topic first; then the service starts, and the time from
 * process start to ready (topic replayed, snapshots compiled) is measured.
 *
 * <p>{@code java ... ColdStartBenchmark [rules] [project root] [heap]}
 */
public final class ColdStartBenchmark {

    private ColdStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        String heap = args.length > 2 ? args[2] : "4g";
        System.out.printf(
                "cold start with %d rules: %d ms from process start to ready%n", rules, run(rules, root, heap));
        System.exit(0);
    }

    public static long run(int rules, Path root, String heap) throws Exception {
        produce(rules);
        try (ServiceProcess enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of(), heap)) {
            return enforcement.lastStartMillis();
        }
    }

    private static void produce(int count) throws Exception {
        ObjectMapper json = EventJson.MAPPER;
        RuleCorpus corpus = new RuleCorpus(count, 1, 7);
        UUID org = corpus.org.isEmpty() ? UUID.randomUUID() : corpus.org.get(0).scopeId();
        UUID project = corpus.project.isEmpty()
                ? UUID.randomUUID()
                : corpus.project.get(0).scopeId();
        UUID env = corpus.environment.isEmpty()
                ? UUID.randomUUID()
                : corpus.environment.get(0).scopeId();
        Instant now = Instant.now();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                DevServersProcess.shared().kafkaBootstrap(),
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                524_288,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "none");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
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
    }

    private static void send(KafkaProducer<String, byte[]> producer, ObjectMapper json, ChangeEvent<?> event)
            throws Exception {
        producer.send(
                new ProducerRecord<>(Topic.RULES.topicName(), event.id().toString(), json.writeValueAsBytes(event)));
    }
}
