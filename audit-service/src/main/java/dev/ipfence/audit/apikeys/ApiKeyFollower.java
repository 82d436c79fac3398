package dev.ipfence.audit.apikeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.RecordKeys;
import dev.ipfence.core.events.Topic;
import dev.ipfence.web.apikeys.ApiKeyTable;
import dev.ipfence.web.topics.TopicFollower;
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
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final TopicFollower follower;

    public ApiKeyFollower(
            ApiKeyTable keys, ObjectMapper json, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.keys = keys;
        this.json = json;
        this.follower = new TopicFollower(
                Topic.RULES.topicName(),
                "ipfence-apikeys-follower",
                TopicFollower.withoutGroup(kafkaConfig, "audit-apikeys"),
                this::follow);
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
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        follower.stop();
    }

    private void follow(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions, BooleanSupplier running) {
        TopicFollower.seek(kafka, partitions, positions);
        while (running.getAsBoolean()) {
            for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(100))) {
                apply(record.key(), record.value());
            }
            TopicFollower.keepPositions(kafka, partitions, positions);
        }
    }

    /**
     * One record of the rules topic: an API key's record changes the table; any other record under
     * a key's id refuses that key ({@link ApiKeyTable#notAnApiKeyRecord}).
     */
    void apply(String key, byte[] value) {
        // only an id as UUID.toString writes it names a key: compaction keeps other spellings apart
        UUID id = RecordKeys.entityId(key);
        if (id == null) {
            return;
        }
        if (value == null) {
            keys.forget(id);
            return;
        }
        if (!contains(value, MARK)) {
            keys.notAnApiKeyRecord(id);
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
            keys.notAnApiKeyRecord(id);
            return;
        }
        JsonNode version = event.get("version");
        if (version == null || !version.canConvertToLong()) {
            keys.refuse(id, "the event has no version");
            return;
        }
        if (event.path("deleted").asBoolean(false)) {
            keys.delete(id, version.asLong());
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
}
