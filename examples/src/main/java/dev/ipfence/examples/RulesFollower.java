package dev.ipfence.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code ipfence.rules.v1} from offset 0 and keeps the current state of every entity,
 * printing each change it applies: {@code java ... RulesFollower [bootstrap]}.
 *
 * <p>What the contract asks of a consumer: keep the highest {@code version} per {@code id} (delivery
 * is at least once, so an older or repeated record is ignored), forget an entity on its deletion
 * (and on the tombstone that follows it), ignore entity types and fields it does not know, and
 * tolerate records of different entities in any order. It uses no consumer group: every start
 * replays the compacted topic, which rebuilds the complete current state.
 */
public final class RulesFollower {

    public static final String TOPIC = "ipfence.rules.v1";

    /** The last state of one entity. */
    public record Entity(String type, long version, boolean deleted, JsonNode state) {}

    private final Map<String, Entity> entities = new HashMap<>();

    /**
     * Applies one record; returns what it did, or null when it changed nothing (a repeated or older
     * version, a tombstone of a forgotten entity).
     */
    public String apply(String key, JsonNode event) {
        if (event == null) {
            return entities.remove(key) != null ? "tombstone " + key : null;
        }
        String id = event.path("id").asText(key);
        long version = event.path("version").asLong();
        Entity known = entities.get(id);
        if (known != null && known.version() >= version) {
            return null;
        }
        Entity entity = new Entity(
                event.path("entityType").asText(),
                version,
                event.path("deleted").asBoolean(),
                event.get("entity"));
        entities.put(id, entity);
        return entity.type() + " " + id + " v" + version + " "
                + event.path("change").asText() + " by " + event.path("actor").asText();
    }

    /** The entities known and not deleted, by id. */
    public Map<String, Entity> current() {
        Map<String, Entity> current = new HashMap<>();
        entities.forEach((id, entity) -> {
            if (!entity.deleted()) {
                current.put(id, entity);
            }
        });
        return current;
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "localhost:59092"; // the Kafka of ./ipfence up
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        ObjectMapper json = new ObjectMapper();
        RulesFollower follower = new RulesFollower();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            Runtime.getRuntime().addShutdownHook(new Thread(consumer::wakeup));
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(TOPIC, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            try {
                while (true) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                        JsonNode event = record.value() == null ? null : json.readTree(record.value());
                        String applied = follower.apply(record.key(), event);
                        if (applied != null) {
                            System.out.println(
                                    applied + " (" + follower.current().size() + " current)");
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException stopping) {
                // Ctrl-C
            }
        }
    }
}
