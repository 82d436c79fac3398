package dev.ipfence.enforcement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.ChangeEvent.Change;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.TopicWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Publishes hierarchy and rule events the way rule-service does, for one test organization. */
final class RuleEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    final UUID org = UUID.randomUUID();
    final UUID project = UUID.randomUUID();
    private final TopicWriter writer = new TopicWriter();

    UUID environment() {
        UUID id = UUID.randomUUID();
        Instant now = now();
        EnvironmentState env = new EnvironmentState(id, org, project, "env", now, now, "tester", "tester", 1);
        publish(new ChangeEvent<>(EntityType.environment, Change.created, id, org, 1, false, "tester", now, env, null));
        return id;
    }

    RuleState rule(String scope, UUID scopeId, String cidr, String action, List<String> trafficScopes) {
        Instant now = now();
        RuleState rule = new RuleState(
                UUID.randomUUID(),
                org,
                scope,
                scopeId,
                cidr,
                null,
                action,
                trafficScopes,
                true,
                null,
                null,
                now,
                now,
                "tester",
                "tester",
                1);
        publish(new ChangeEvent<>(
                EntityType.rule, Change.created, rule.id(), org, 1, false, "tester", now, rule, null));
        return rule;
    }

    void delete(RuleState rule) {
        Instant now = now();
        publish(new ChangeEvent<>(
                EntityType.rule, Change.deleted, rule.id(), org, rule.version() + 1, true, "tester", now, rule, rule));
        writer.send(Topic.RULES.topicName(), rule.id().toString(), null);
    }

    private void publish(ChangeEvent<?> event) {
        try {
            writer.send(
                    Topic.RULES.topicName(),
                    event.id().toString(),
                    JSON.writeValueAsBytes(event),
                    "ce_type",
                    event.cloudEventType(),
                    "ce_specversion",
                    "1.0");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public void close() {
        writer.close();
    }
}
