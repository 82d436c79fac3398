package dev.ipfence.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.uuid.Generators;
import dev.ipfence.core.events.BlockedAttemptEvent;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.DevServersProcess;
import dev.ipfence.testing.EventJson;
import dev.ipfence.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sustained ingest rate of audit-service: N blocked-attempt events are written to Kafka first,
 * then audit-service starts and drains them into PostgreSQL. The rate is measured from the first
 * to the last stored event (service start-up excluded), from its own stored-events counter. Side
 * by side in one run: the build of another checkout (the peer, when its root is given: e.g. the
 * release before), then this build with one consumer and with the configured number. Each run
 * reports where the store's time went, by step ({@code ipfence_audit_attempts_batch_step_seconds}).
 * With {@code -Dipfence.bench.jfr=FILE} the last run records a JFR profile into FILE. The events'
 * ids are version 7 UUIDs, as enforcement-service makes them; {@code
 * -Dipfence.bench.audit.random-ids=true} gives random (version 4) ids instead.
 *
 * <p>{@code java ... AuditIngestBenchmark [events] [project root] [consumers] [peer root]}
 */
public final class AuditIngestBenchmark {

    private static final boolean RANDOM_IDS = Boolean.getBoolean("ipfence.bench.audit.random-ids");

    /**
     * {@code stored}: audit-service's count of events it stored (replays excluded), read a second
     * after the last one arrived, so an event stored twice shows as more than {@code events}.
     */
    public record Result(
            int consumers,
            long events,
            long stored,
            double seconds,
            double eventsPerSecond,
            Map<String, Double> steps) {}

    private AuditIngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        Path root = Path.of(args.length > 1 ? args[1] : ".");
        int consumers = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (args.length > 3) {
            print("peer " + args[3], run(events, Path.of(args[3]), consumers, Map.of()));
        }
        print("this build", run(events, root, 1, Map.of()));
        String jfr = System.getProperty("ipfence.bench.jfr");
        Map<String, String> profile = jfr == null
                ? Map.of()
                : Map.of("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,filename=" + jfr);
        print("this build", run(events, root, consumers, profile));
        System.exit(0);
    }

    private static void print(String build, Result result) {
        System.out.printf(
                "audit ingest, %s, %d consumer(s): %d events in %.2f s = %.0f events/s (stored: %d)%n",
                build,
                result.consumers(),
                result.events(),
                result.seconds(),
                result.eventsPerSecond(),
                result.stored());
        if (!result.steps().isEmpty()) {
            StringBuilder line = new StringBuilder("  store time by step (s, all consumers):");
            result.steps().forEach((step, seconds) -> line.append(String.format(" %s %.2f", step, seconds)));
            System.out.println(line);
        }
    }

    /** Produces {@code events} new events, then drains them with an audit-service of {@code consumers} consumers. */
    public static Result run(long events, Path root, int consumers) throws Exception {
        return run(events, root, consumers, Map.of());
    }

    private static Result run(long events, Path root, int consumers, Map<String, String> environment) throws Exception {
        DevServersProcess servers = DevServersProcess.shared();
        produce(servers.kafkaBootstrap(), events);
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("IPFENCE_AUDIT_INGEST_CONSUMERS", Integer.toString(consumers));
        try (ServiceProcess audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", env)) {
            HttpClient http = HttpClient.newHttpClient();
            long firstAt = 0;
            long firstCount = 0;
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (System.nanoTime() < deadline) {
                long stored = stored(http, audit.url());
                long now = System.nanoTime();
                if (firstAt == 0 && stored > 0) {
                    firstAt = now;
                    firstCount = stored;
                }
                if (stored >= events) {
                    double seconds = (now - firstAt) / 1e9;
                    Thread.sleep(1_000);
                    long settled = stored(http, audit.url());
                    return new Result(
                            consumers,
                            events,
                            settled,
                            seconds,
                            (events - firstCount) / Math.max(seconds, 1e-3),
                            steps(http, audit.url()));
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("audit-service did not store " + events + " events within 10 minutes");
        }
    }

    private static void produce(String bootstrap, long events) {
        ObjectMapper json = EventJson.MAPPER;
        UUID org = UUID.randomUUID();
        UUID[] environments = new UUID[60];
        for (int i = 0; i < environments.length; i++) {
            environments[i] = UUID.randomUUID();
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                262_144,
                ProducerConfig.ACKS_CONFIG,
                "all");
        Supplier<UUID> ids = RANDOM_IDS ? UUID::randomUUID : Generators.timeBasedEpochGenerator()::generate;
        Instant start = Instant.now();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                UUID env = environments[(int) (i % environments.length)];
                UUID id = ids.get();
                Instant at = start.plusMillis(i);
                BlockedAttemptEvent event = new BlockedAttemptEvent(
                        id,
                        "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255),
                        "GET",
                        "/orders/" + i,
                        "shop.example",
                        at,
                        at,
                        env,
                        org,
                        "http",
                        null,
                        "NOT_ALLOWLISTED",
                        1);
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_id", id.toString().getBytes(StandardCharsets.UTF_8));
                headers.add("ce_type", BlockedAttemptEvent.CLOUD_EVENT_TYPE.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(
                        Topic.BLOCKED_ATTEMPTS.topicName(),
                        null,
                        env.toString(),
                        json.writeValueAsBytes(event),
                        headers));
            }
            producer.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String STEP_SUM = "ipfence_audit_attempts_batch_step_seconds_sum{step=\"";
    private static final String BATCH_SUM = "ipfence_audit_attempts_batch_seconds_sum";

    /** Seconds spent per step of the store (empty for a build without the step timer), and the batches' total. */
    private static Map<String, Double> steps(HttpClient http, String url) throws Exception {
        Map<String, Double> steps = new java.util.LinkedHashMap<>();
        metrics(http, url).lines().forEach(line -> {
            if (line.startsWith(STEP_SUM)) {
                steps.put(line.substring(STEP_SUM.length(), line.indexOf('"', STEP_SUM.length())), value(line));
            } else if (line.startsWith(BATCH_SUM)) {
                steps.put("batches", value(line));
            }
        });
        return steps;
    }

    private static String metrics(HttpClient http, String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static long stored(HttpClient http, String url) throws Exception {
        return metrics(http, url)
                .lines()
                .filter(line -> line.startsWith("ipfence_audit_attempts_stored_total"))
                .mapToLong(line -> (long) value(line))
                .findFirst()
                .orElse(0);
    }

    private static double value(String metricLine) {
        return Double.parseDouble(metricLine.substring(metricLine.lastIndexOf(' ') + 1));
    }
}
