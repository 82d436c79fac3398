package dev.ipfence.audit.changes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows {@code ipfence.rules.v1}: every event becomes a change-log row (once, by its CloudEvent
 * id), and environment events keep the environment -> organization map that authorizes reads.
 * A batch is acknowledged only after its transaction committed.
 */
@ApplicationScoped
public class ChangeIngest {

    private static final Logger LOG = Logger.getLogger(ChangeIngest.class);

    private final Pool pool;
    private final ObjectMapper json;
    private final Counter received;

    public ChangeIngest(Pool pool, ObjectMapper json, MeterRegistry registry) {
        this.pool = pool;
        this.json = json;
        this.received = Counter.builder("ipfence.audit.changes.received")
                .description("Rule, project and environment events received")
                .register(registry);
    }

    @Incoming("ipfence.rules.v1")
    public Uni<Void> ingest(KafkaRecordBatch<String, byte[]> batch) {
        List<Tuple> changes = new ArrayList<>();
        List<Tuple> environments = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            if (record.getPayload() == null) {
                continue; // tombstone: the deletion event before it was logged already
            }
            try {
                JsonNode event = json.readTree(record.getPayload());
                changes.add(change(eventId(record, event), event));
                if ("environment".equals(event.get("entityType").asText())) {
                    environments.add(environment(event));
                }
            } catch (Exception e) {
                LOG.errorf(
                        "Skipping unreadable rule event on %s partition %d: %s",
                        record.getTopic(), record.getPartition(), e.getMessage());
            }
        }
        received.increment(batch.getRecords().size());
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(
                        tx -> insertChanges(tx, changes).flatMap(ok -> upsertEnvironments(tx, environments)))
                .onFailure()
                .invoke(e -> LOG.warnf("Storing %d changes failed, retrying: %s", changes.size(), e.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .indefinitely();
    }

    private static Uni<Void> insertChanges(SqlClient tx, List<Tuple> changes) {
        return tx.preparedQuery(
                        "insert into change_log (event_id, org_id, entity_type, entity_id, change, version, actor,"
                                + " occurred_at, scope, scope_id, before, after) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                                + " $11, $12) on conflict (event_id) do nothing")
                .executeBatch(changes)
                .replaceWithVoid();
    }

    private static Uni<Void> upsertEnvironments(SqlClient tx, List<Tuple> environments) {
        if (environments.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("insert into environment_ref (id, org_id, project_id, name, deleted, version)"
                        + " values ($1, $2, $3, $4, $5, $6) on conflict (id) do update set org_id = excluded.org_id,"
                        + " project_id = excluded.project_id, name = excluded.name, deleted = excluded.deleted,"
                        + " version = excluded.version where environment_ref.version < excluded.version")
                .executeBatch(environments)
                .replaceWithVoid();
    }

    /** The CloudEvent id; a replayed record carries the same one. */
    private static UUID eventId(KafkaRecord<String, byte[]> record, JsonNode event) {
        for (Header header : record.getHeaders()) {
            if (header.key().equals("ce_id")) {
                return UUID.fromString(new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        // no id from the producer: derive a stable one from the entity and its version
        String name = event.get("id").asText() + "@" + event.get("version").asLong();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static Tuple change(UUID eventId, JsonNode event) {
        JsonNode entity = event.get("entity");
        JsonNode previous = event.get("previous");
        boolean deleted = event.get("deleted").asBoolean();
        return Tuple.tuple()
                .addValue(eventId)
                .addValue(UUID.fromString(event.get("orgId").asText()))
                .addValue(event.get("entityType").asText())
                .addValue(UUID.fromString(event.get("id").asText()))
                .addValue(event.get("change").asText())
                .addValue(event.get("version").asLong())
                .addValue(event.get("actor").asText())
                .addValue(Instant.parse(event.get("occurredAt").asText()).atOffset(ZoneOffset.UTC))
                .addValue(entity.hasNonNull("scope") ? entity.get("scope").asText() : null)
                .addValue(
                        entity.hasNonNull("scopeId")
                                ? UUID.fromString(entity.get("scopeId").asText())
                                : null)
                .addValue(previous == null || previous.isNull() ? null : new JsonObject(previous.toString()))
                .addValue(deleted ? null : new JsonObject(entity.toString()));
    }

    private static Tuple environment(JsonNode event) {
        JsonNode entity = event.get("entity");
        return Tuple.tuple()
                .addValue(UUID.fromString(event.get("id").asText()))
                .addValue(UUID.fromString(event.get("orgId").asText()))
                .addValue(UUID.fromString(entity.get("projectId").asText()))
                .addValue(entity.get("name").asText())
                .addValue(event.get("deleted").asBoolean())
                .addValue(event.get("version").asLong());
    }
}
