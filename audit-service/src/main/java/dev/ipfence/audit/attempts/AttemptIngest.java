package dev.ipfence.audit.attempts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores {@code ipfence.blocked-attempts.v1} in PostgreSQL, a poll batch per statement. The batch
 * is acknowledged (and its offsets become committable) only once the insert committed; a replayed
 * event is a no-op thanks to its id. A failed insert is retried until it succeeds, so a database
 * outage delays ingestion without losing or duplicating anything.
 */
@ApplicationScoped
public class AttemptIngest {

    private static final Logger LOG = Logger.getLogger(AttemptIngest.class);
    private static final String INSERT = "insert into blocked_attempt (event_id, environment_id, org_id, ip, ip_text,"
            + " method, path, target, occurred_at, last_at, traffic_scope, rule_id, reason, attempts)"
            + " select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]::inet[], $5::text[], $6::text[],"
            + " $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::uuid[], $13::text[],"
            + " $14::bigint[]) on conflict (event_id) do nothing";

    private final Pool pool;
    private final ObjectMapper json;
    private final Counter events;
    private final Counter stored;
    private final Counter unreadable;
    private final Timer batchLatency;

    public AttemptIngest(Pool pool, ObjectMapper json, MeterRegistry registry) {
        this.pool = pool;
        this.json = json;
        this.events = Counter.builder("ipfence.audit.attempts.received")
                .description("Blocked-attempt events received")
                .register(registry);
        this.stored = Counter.builder("ipfence.audit.attempts.stored")
                .description("Blocked-attempt events stored (replays excluded)")
                .register(registry);
        this.unreadable = Counter.builder("ipfence.audit.attempts.unreadable")
                .description("Blocked-attempt events that could not be read and were skipped")
                .register(registry);
        this.batchLatency = Timer.builder("ipfence.audit.attempts.batch")
                .description("Time to store one batch of blocked-attempt events")
                .register(registry);
    }

    @Incoming("ipfence.blocked-attempts.v1")
    public Uni<Void> ingest(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        Columns columns = new Columns(records.size());
        for (KafkaRecord<String, byte[]> record : records) {
            try {
                columns.add(json.readTree(record.getPayload()));
            } catch (IOException | RuntimeException e) {
                unreadable.increment();
                LOG.errorf(
                        "Skipping unreadable blocked-attempt event on %s partition %d: %s",
                        record.getTopic(), record.getPartition(), e.getMessage());
            }
        }
        events.increment(records.size());
        if (columns.size() == 0) {
            return Uni.createFrom().voidItem();
        }
        long started = System.nanoTime();
        return pool.preparedQuery(INSERT)
                .execute(columns.tuple())
                .invoke(rows -> {
                    stored.increment(rows.rowCount());
                    batchLatency.record(Duration.ofNanos(System.nanoTime() - started));
                })
                .onFailure()
                .invoke(e ->
                        LOG.warnf("Storing %d blocked attempts failed, retrying: %s", columns.size(), e.getMessage()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .indefinitely()
                .replaceWithVoid();
    }

    /** One array per column, for a single unnest insert of the whole batch. */
    private static final class Columns {
        final List<UUID> ids;
        final List<UUID> environments;
        final List<UUID> orgs;
        final List<String> ips;
        final List<String> ipTexts;
        final List<String> methods;
        final List<String> paths;
        final List<String> targets;
        final List<OffsetDateTime> occurred;
        final List<OffsetDateTime> last;
        final List<String> trafficScopes;
        final List<UUID> rules;
        final List<String> reasons;
        final List<Long> counts;

        Columns(int capacity) {
            ids = new ArrayList<>(capacity);
            environments = new ArrayList<>(capacity);
            orgs = new ArrayList<>(capacity);
            ips = new ArrayList<>(capacity);
            ipTexts = new ArrayList<>(capacity);
            methods = new ArrayList<>(capacity);
            paths = new ArrayList<>(capacity);
            targets = new ArrayList<>(capacity);
            occurred = new ArrayList<>(capacity);
            last = new ArrayList<>(capacity);
            trafficScopes = new ArrayList<>(capacity);
            rules = new ArrayList<>(capacity);
            reasons = new ArrayList<>(capacity);
            counts = new ArrayList<>(capacity);
        }

        void add(JsonNode e) {
            String ipText = text(e, "ip");
            UUID id = UUID.fromString(e.get("id").asText());
            UUID environment = UUID.fromString(e.get("environmentId").asText());
            OffsetDateTime first = time(e, "timestamp");
            ids.add(id);
            environments.add(environment);
            orgs.add(uuid(e, "orgId"));
            ips.add(inet(ipText));
            ipTexts.add(ipText == null ? "" : ipText);
            methods.add(text(e, "method"));
            paths.add(text(e, "path"));
            targets.add(text(e, "target"));
            occurred.add(first);
            OffsetDateTime lastSeen = time(e, "lastTimestamp");
            last.add(lastSeen == null ? first : lastSeen);
            trafficScopes.add(text(e, "trafficScope"));
            rules.add(uuid(e, "ruleId"));
            reasons.add(e.get("reason").asText());
            counts.add(e.hasNonNull("count") ? e.get("count").asLong() : 1L);
        }

        int size() {
            return ids.size();
        }

        Tuple tuple() {
            return Tuple.tuple()
                    .addArrayOfUUID(ids.toArray(UUID[]::new))
                    .addArrayOfUUID(environments.toArray(UUID[]::new))
                    .addArrayOfUUID(orgs.toArray(UUID[]::new))
                    .addArrayOfString(ips.toArray(String[]::new))
                    .addArrayOfString(ipTexts.toArray(String[]::new))
                    .addArrayOfString(methods.toArray(String[]::new))
                    .addArrayOfString(paths.toArray(String[]::new))
                    .addArrayOfString(targets.toArray(String[]::new))
                    .addArrayOfOffsetDateTime(occurred.toArray(OffsetDateTime[]::new))
                    .addArrayOfOffsetDateTime(last.toArray(OffsetDateTime[]::new))
                    .addArrayOfString(trafficScopes.toArray(String[]::new))
                    .addArrayOfUUID(rules.toArray(UUID[]::new))
                    .addArrayOfString(reasons.toArray(String[]::new))
                    .addArrayOfLong(counts.toArray(Long[]::new));
        }

        /** The canonical address for the inet column, or null for the raw text of an unparseable one. */
        private static String inet(String ip) {
            if (ip == null) {
                return null;
            }
            try {
                return Addresses.parseAddress(ip).toString();
            } catch (AddressException e) {
                return null;
            }
        }

        private static String text(JsonNode e, String field) {
            return e.hasNonNull(field) ? e.get(field).asText() : null;
        }

        private static UUID uuid(JsonNode e, String field) {
            return e.hasNonNull(field) ? UUID.fromString(e.get(field).asText()) : null;
        }

        private static OffsetDateTime time(JsonNode e, String field) {
            return e.hasNonNull(field) ? Instant.parse(e.get(field).asText()).atOffset(ZoneOffset.UTC) : null;
        }
    }
}
