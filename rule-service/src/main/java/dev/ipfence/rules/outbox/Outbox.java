package dev.ipfence.rules.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.Topic;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes changes and their events together: {@link #inTransaction} runs the work in one
 * PostgreSQL transaction and {@link #record} adds the events to the outbox inside it, so an event
 * exists exactly when its change was committed. After the commit the relay is woken at once.
 */
@ApplicationScoped
public class Outbox {

    private final Pool pool;
    /** Characters beyond the Basic Multilingual Plane as their four UTF-8 bytes, not as escaped halves. */
    private final ObjectWriter eventWriter;

    private final OutboxRelay relay;

    public Outbox(Pool pool, ObjectMapper json, OutboxRelay relay) {
        this.pool = pool;
        this.eventWriter = json.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
        this.relay = relay;
    }

    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work).invoke(relay::wake);
    }

    /** Call after the entity rows are written: their row locks order the events of one entity. */
    public Uni<Void> record(SqlClient tx, List<? extends ChangeEvent<?>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        UUID[] eventIds = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        Boolean[] tombstones = new Boolean[n];
        Buffer[] payloads = new Buffer[n];
        for (int i = 0; i < n; i++) {
            ChangeEvent<?> event = events.get(i);
            eventIds[i] = UUID.randomUUID();
            topics[i] = Topic.RULES.topicName();
            keys[i] = event.id().toString();
            types[i] = event.cloudEventType();
            tombstones[i] = event.deleted();
            payloads[i] = Buffer.buffer(serializeToUtf8(event));
        }
        // one statement for any number of events; unnest yields them, and the sequence numbers them, in order.
        // The payloads travel as the UTF-8 bytes Jackson writes: as text[] every character would be encoded again.
        return tx.preparedQuery("insert into outbox (event_id, topic, record_key, event_type, subject, tombstone,"
                        + " payload) select event_id, topic, record_key, event_type, record_key, tombstone,"
                        + " convert_from(payload, 'UTF8')"
                        + " from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::bytea[])"
                        + " as e(event_id, topic, record_key, event_type, tombstone, payload)")
                .execute(Tuple.of(eventIds, topics, keys, types, tombstones, payloads))
                .replaceWithVoid();
    }

    /**
     * {@link #record} inside a Hibernate Reactive transaction: the session is flushed first, so the
     * entity's row (and its lock) is written before its event, then the events are added to the
     * outbox with the same statement. The caller wakes the relay after the commit ({@link
     * PublishesChanges}).
     */
    public Uni<Void> record(Mutiny.Session session, List<? extends ChangeEvent<?>> events) {
        Uni<Void> chain = session.flush();
        for (ChangeEvent<?> event : events) {
            chain = chain.chain(() -> session.createNativeQuery(
                            "insert into outbox (event_id, topic, record_key, event_type, subject, tombstone, payload)"
                                    + " values (:eventId, :topic, :key, :type, :subject, :tombstone, :payload)")
                    .setParameter("eventId", UUID.randomUUID())
                    .setParameter("topic", Topic.RULES.topicName())
                    .setParameter("key", event.id().toString())
                    .setParameter("type", event.cloudEventType())
                    .setParameter("subject", event.id().toString())
                    .setParameter("tombstone", event.deleted())
                    .setParameter("payload", serialize(event))
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return chain;
    }

    /** Publish what was just committed now, rather than at the relay's next poll. */
    public void committed() {
        relay.wake();
    }

    private String serialize(ChangeEvent<?> event) {
        return new String(serializeToUtf8(event), StandardCharsets.UTF_8);
    }

    private byte[] serializeToUtf8(ChangeEvent<?> event) {
        try {
            return eventWriter.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "event of " + event.entityType() + " " + event.id() + " is not serializable", e);
        }
    }
}
