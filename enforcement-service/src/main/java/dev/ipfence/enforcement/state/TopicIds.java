package dev.ipfence.enforcement.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.jboss.logging.Logger;

/**
 * Kafka's id of a topic: a topic deleted and created again under the same name, or one of the
 * same name on another cluster, has another id, and its offsets are other records.
 */
final class TopicIds {

    private static final Logger LOG = Logger.getLogger(TopicIds.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TopicIds() {}

    /** The id of {@code topic}, or null (logged) when Kafka does not give it in time. */
    static String of(Map<String, Object> kafkaConfig, String topic) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(
                AdminClientConfig.CLIENT_ID_CONFIG,
                "enforcement-topic-ids-" + ProcessHandle.current().pid());
        try (Admin admin = Admin.create(config)) {
            TopicDescription description = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
            return description.topicId().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("Could not read the id of topic %s: %s", topic, e.toString());
            return null;
        }
    }
}
