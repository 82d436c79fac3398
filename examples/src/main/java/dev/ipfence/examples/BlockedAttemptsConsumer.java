package dev.ipfence.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints the denied requests of {@code ipfence.blocked-attempts.v1} as they arrive, one line per
 * event: {@code java ... BlockedAttemptsConsumer [bootstrap [group]]}.
 *
 * <p>It reads only the fields it needs and ignores the others, as the contract asks of every
 * consumer (fields may be added within v1), and treats {@code policyId} as optional.
 */
public final class BlockedAttemptsConsumer {

    public static final String TOPIC = "ipfence.blocked-attempts.v1";

    private BlockedAttemptsConsumer() {}

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "localhost:59092"; // the Kafka of ./ipfence up
        String group = args.length > 1 ? args[1] : "blocked-attempts-printer";
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            Runtime.getRuntime().addShutdownHook(new Thread(consumer::wakeup));
            consumer.subscribe(List.of(TOPIC));
            try {
                while (true) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        System.out.println(describe(json, record));
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException stopping) {
                // Ctrl-C
            }
        }
    }

    /** One line for an event; a record that is not one is reported, not skipped silently. */
    static String describe(ObjectMapper json, ConsumerRecord<String, byte[]> record) {
        if (!"dev.ipfence.blocked-attempt".equals(header(record, "ce_type")) || record.value() == null) {
            return "not a blocked-attempt event at " + record.partition() + "/" + record.offset();
        }
        try {
            JsonNode event = json.readTree(record.value());
            String policy = event.path("policyId").isTextual()
                    ? " policy " + event.get("policyId").asText()
                    : "";
            String rule = event.path("ruleId").isTextual()
                    ? " rule " + event.get("ruleId").asText()
                    : "";
            return String.format(
                    "%s %s x%d %s %s %s%s env %s: %s%s%s",
                    event.path("timestamp").asText(),
                    event.path("ip").asText("-"),
                    event.path("count").asLong(1),
                    event.path("method").asText("-"),
                    event.path("target").asText("-"),
                    event.path("path").asText("-"),
                    event.path("trafficScope").isTextual()
                            ? " [" + event.get("trafficScope").asText() + "]"
                            : "",
                    event.path("environmentId").asText("-"),
                    event.path("reason").asText(),
                    rule,
                    policy);
        } catch (java.io.IOException e) {
            return "unreadable event at " + record.partition() + "/" + record.offset() + ": " + e.getMessage();
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
