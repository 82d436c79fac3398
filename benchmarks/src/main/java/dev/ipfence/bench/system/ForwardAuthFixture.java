package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.ChangeEvent.Change;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.DevServersProcess;
import dev.ipfence.testing.EventJson;
import dev.ipfence.testing.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fixture of the forward-auth comparison: an allow list of {@code rules} IPv4 networks in one
 * environment, loaded into enforcement-service through Kafka and written as an nginx {@code geo}
 * block; plus a wrk script whose requests carry client addresses (half inside the list) in
 * X-Forwarded-For. Prints {@code READY port environmentId pid forwardAuthPort} and runs until its
 * input closes.
 *
 * <p>{@code java ... ForwardAuthFixture RULES OUTPUT_DIR PROJECT_ROOT}; with {@code PINNED=1} in
 * the environment the service runs one event loop and its JVM sizes itself for one processor, for
 * the run on one core.
 */
public final class ForwardAuthFixture {

    private ForwardAuthFixture() {}

    /** The running enforcement-service, its forward-auth port and the environment holding the allow list. */
    public record Fixture(ServiceProcess enforcement, int forwardAuthPort, UUID environment) {}

    public static void main(String[] args) throws Exception {
        Fixture fixture = prepare(Integer.parseInt(args[0]), Path.of(args[1]), Path.of(args[2]));
        try (ServiceProcess enforcement = fixture.enforcement()) {
            System.out.println("READY " + enforcement.port() + " " + fixture.environment() + " " + enforcement.pid()
                    + " " + fixture.forwardAuthPort());
            System.out.flush();
            System.in.read();
        }
        System.exit(0);
    }

    /** Loads the allow list, writes geo.conf and clients.lua into {@code out}, starts enforcement-service. */
    public static Fixture prepare(int rules, Path out, Path root) throws Exception {
        Files.createDirectories(out);
        Random random = new Random(11);
        UUID org = UUID.randomUUID();
        UUID env = UUID.randomUUID();
        Instant now = Instant.now();
        StringBuilder geo = new StringBuilder();
        ObjectMapper json = EventJson.MAPPER;
        long[] networks = new long[rules];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        DevServersProcess.shared().kafkaBootstrap(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        20),
                new StringSerializer(),
                new ByteArraySerializer())) {
            EnvironmentState state = new EnvironmentState(env, org, UUID.randomUUID(), "bench", now, now, "b", "b", 1);
            producer.send(new ProducerRecord<>(
                    Topic.RULES.topicName(),
                    env.toString(),
                    json.writeValueAsBytes(new ChangeEvent<>(
                            EntityType.environment, Change.created, env, org, 1, false, "b", now, state, null))));
            for (int i = 0; i < rules; i++) {
                int prefix = 24 + random.nextInt(9);
                long network = ((10L << 24) | random.nextInt(1 << 24)) & (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
                networks[i] = network;
                String cidr = dotted(network) + "/" + prefix;
                geo.append("  ").append(cidr).append(" 1;\n");
                UUID id = UUID.randomUUID();
                RuleState rule = new RuleState(
                        id,
                        org,
                        "environment",
                        env,
                        cidr,
                        null,
                        "allow",
                        List.of(),
                        true,
                        null,
                        null,
                        null,
                        now,
                        now,
                        "b",
                        "b",
                        1);
                producer.send(new ProducerRecord<>(
                        Topic.RULES.topicName(),
                        id.toString(),
                        json.writeValueAsBytes(new ChangeEvent<>(
                                EntityType.rule, Change.created, id, org, 1, false, "b", now, rule, null))));
            }
        }
        Files.writeString(out.resolve("geo.conf"), geo.toString());
        StringBuilder lua = new StringBuilder("local clients = {\n");
        for (int i = 0; i < 4096; i++) {
            long address = i % 2 == 0 ? networks[random.nextInt(rules)] : (11L << 24) | random.nextInt(1 << 24);
            lua.append("  \"").append(dotted(address)).append("\",\n");
        }
        lua.append("""
                }
                local i = 0
                request = function()
                  i = i + 1
                  return wrk.format("GET", nil, { ["X-Forwarded-For"] = clients[(i % #clients) + 1] })
                end
                """);
        Files.writeString(out.resolve("clients.lua"), lua.toString());
        // as in production: no decision headers, the status alone
        Map<String, String> environment = new HashMap<>(Map.of("IPFENCE_TRUSTED_PROXIES", "127.0.0.1/32"));
        int forwardAuthPort = ServiceProcess.freePort();
        environment.put("IPFENCE_FORWARD_AUTH_PORT", Integer.toString(forwardAuthPort));
        String javaOptions = System.getenv().getOrDefault("ENFORCEMENT_JAVA_OPTIONS", "");
        if ("1".equals(System.getenv("PINNED"))) {
            environment.put("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE", "1");
            javaOptions = "-XX:ActiveProcessorCount=1 " + javaOptions;
        }
        if (!javaOptions.isBlank()) {
            environment.put("JAVA_TOOL_OPTIONS", javaOptions.trim());
        }
        ServiceProcess enforcement = ServiceProcess.start(root, "enforcement-service", null, environment, "2g");
        return new Fixture(enforcement, forwardAuthPort, env);
    }

    private static String dotted(long address) {
        return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
                + (address & 255);
    }
}
