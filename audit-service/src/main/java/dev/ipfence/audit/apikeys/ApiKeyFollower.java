package dev.ipfence.audit.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.Topic;
import dev.ipfence.web.apikeys.ApiKeyTable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Keeps the API keys of {@code ipfence.rules.v1} in memory ({@link ApiKeyTable}, this service's key
 * directory): replays the topic from offset 0 at start without a consumer group (the change log's
 * consumer group commits offsets, and the change log never keeps a key's hash), then follows it, so
 * a revocation takes effect as soon as its event arrives. A record of a key that cannot be read
 * refuses that key.
 */
@ApplicationScoped
public class ApiKeyFollower {

    private static final Logger LOG = Logger.getLogger(ApiKeyFollower.class);
    private static final byte[] MARK = "\"apiKey\"".getBytes(StandardCharsets.UTF_8);

    private final ApiKeyTable keys;
    private final ObjectMapper json;
    private final Map<String, Object> kafkaConfig;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public ApiKeyFollower(
            ApiKeyTable keys, ObjectMapper json, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.keys = keys;
        this.json = json;
        this.kafkaConfig = kafkaConfig;
    }

    /** The key directory of audit-service. */
    @ApplicationScoped
    public static class Beans {
        @Produces
        @Singleton
        ApiKeyTable apiKeyTable(ObjectMapper json) {
            return new ApiKeyTable(json);
        }
    }

    void start(@Observes StartupEvent event) {
        Thread thread = new Thread(this::run, "ipfence-apikeys-follower");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = newConsumer()) {
                consumer = kafka;
                follow(kafka);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(
                        "Reading API keys from %s failed, retrying in 1 s: %s",
                        Topic.RULES.topicName(), e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka) {
        String topic = Topic.RULES.topicName();
        List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist (yet)");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        kafka.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long position = positions.get(partition);
            if (position == null) {
                kafka.seekToBeginning(List.of(partition));
            } else {
                kafka.seek(partition, position);
            }
        }
        while (running) {
            for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(100))) {
                apply(record.key(), record.value());
            }
            for (TopicPartition partition : partitions) {
                positions.put(partition, kafka.position(partition));
            }
        }
    }

    /** One record of the rules topic: only API key records change the table. */
    void apply(String key, byte[] value) {
        UUID id;
        try {
            id = UUID.fromString(key);
        } catch (RuntimeException e) {
            return;
        }
        if (value == null) {
            keys.forget(id);
            return;
        }
        if (!contains(value, MARK)) {
            return;
        }
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (java.io.IOException | RuntimeException e) {
            keys.refuse(id, "the record is not JSON");
            return;
        }
        if (event == null || !"apiKey".equals(event.path("entityType").asText(null))) {
            return;
        }
        JsonNode version = event.get("version");
        if (version == null || !version.canConvertToLong()) {
            keys.refuse(id, "the event has no version");
            return;
        }
        if (event.path("deleted").asBoolean(false)) {
            keys.forget(id);
            return;
        }
        keys.apply(id, version.asLong(), event.get("entity"));
    }

    private static boolean contains(byte[] value, byte[] mark) {
        outer:
        for (int i = 0; i + mark.length <= value.length; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (value[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "audit-apikeys-" + ProcessHandle.current().pid());
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
