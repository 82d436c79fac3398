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
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.jboss.logging.Logger;

/**
 * Kafka's id of a topic: a topic deleted and created again under the same name, or one of the
 * same name on another cluster, has another id, and its offsets are other records.
 */
final class TopicIds {

    private static final Logger LOG = Logger.getLogger(TopicIds.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

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
        Admin admin = null;
        try {
            admin = Admin.create(config);
            TopicDescription description = admin.describeTopics(
                            List.of(topic), new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
            String id = known(description.topicId());
            if (id == null) {
                LOG.warnf("Kafka gave no id for topic %s (a broker older than 2.8?)", topic);
            }
            return id;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("Could not read the id of topic %s: %s", topic, e.toString());
            return null;
        } finally {
            if (admin != null) {
                // without a bound, close waits for calls still under way (up to the admin API's timeout)
                admin.close(CLOSE_TIMEOUT);
            }
        }
    }

    /**
     * The id as text, or null when it names no topic: brokers older than 2.8 answer with the zero
     * id, which every topic would share.
     */
    static String known(Uuid id) {
        return id == null || Uuid.ZERO_UUID.equals(id) ? null : id.toString();
    }
}
