package dev.ipfence.audit.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.audit.ingest.IngestPipeline.Item;
import dev.ipfence.audit.ingest.SourceRecord;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.Topic;
import dev.ipfence.testing.IpfenceServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The store against the real PostgreSQL, without Kafka: a batch goes in through the binary COPY
 * and comes back field by field, and a batch delivered again (a crash after the commit, before the
 * offsets were committed) changes nothing, as received or folded. The test profile bounds floods
 * at 20 rows as received and 5 folded rows per environment and minute.
 */
@QuarkusTest
@QuarkusTestResource(value = IpfenceServers.class, initArgs = @ResourceArg(name = "database", value = "ipfence_audit"))
class AttemptStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AttemptStore store;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private final UUID org = UUID.randomUUID();
    private final UUID env = UUID.randomUUID();
    private final Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    @Test
    void everyFieldOfAnEventStoredAsReceivedComesBack() {
        AttemptRow row = new AttemptRow(
                UUID.randomUUID(),
                env,
                org,
                Addresses.parseAddress("2001:db8::7"),
                "2001:db8::7",
                "DELETE",
                "/orders/ü?q='x'",
                "shop.example",
                window.plusNanos(123_456_000),
                window.plusSeconds(3),
                "http",
                UUID.randomUUID(),
                UUID.randomUUID(),
                "POLICY_DENY",
                42);
        store(List.of(new Item<>(row, record(0, 1))));

        Row stored = rows(
                        "select ip::text, ip_text, method, path, target, occurred_at, last_at, traffic_scope,"
                                + " rule_id, policy_id, reason, attempts, org_id, fold_level, folded_events, source_offset"
                                + " from blocked_attempt where event_id = $1",
                        Tuple.of(row.id()))
                .iterator()
                .next();
        assertThat(stored.getString(0)).isEqualTo("2001:db8::7/128");
        assertThat(stored.getString(1)).isEqualTo("2001:db8::7");
        assertThat(stored.getString(2)).isEqualTo("DELETE");
        assertThat(stored.getString(3)).isEqualTo("/orders/ü?q='x'");
        assertThat(stored.getString(4)).isEqualTo("shop.example");
        assertThat(stored.getOffsetDateTime(5).toInstant()).isEqualTo(row.first());
        assertThat(stored.getOffsetDateTime(6).toInstant()).isEqualTo(row.last());
        assertThat(stored.getString(7)).isEqualTo("http");
        assertThat(stored.getUUID(8)).isEqualTo(row.ruleId());
        assertThat(stored.getUUID(9)).isEqualTo(row.policyId());
        assertThat(stored.getString(10)).isEqualTo("POLICY_DENY");
        assertThat(stored.getLong(11)).isEqualTo(42);
        assertThat(stored.getUUID(12)).isEqualTo(org);
        assertThat(stored.getShort(13)).isZero();
        assertThat(stored.getLong(14)).isZero();
        assertThat(stored.getValue(15)).isNull();
    }

    @Test
    void aBatchDeliveredAgainAfterItsCommitIsNeitherLostNorCountedTwice() {
        List<Item<AttemptRow>> first = new ArrayList<>();
        long attempts = 0;
        for (int i = 0; i < 60; i++) {
            String ip = i % 3 == 0 ? "198.51.100." + i : i % 3 == 1 ? "2001:db8:0:" + (i % 7) + "::" + i : "bad " + i;
            first.add(event(ip, i + 1, i));
            attempts += i + 1;
        }
        double storedBefore = stored();
        store(first);
        assertThat(stored() - storedBefore).isEqualTo(60);
        assertTotals(attempts, 60);
        long rows = rowCount();
        assertThat(rows).isEqualTo(20 + 5 + 1); // as received, folded by source, the rest

        // the service stops after the commit, before the offsets are: the same records come again
        store(first);
        assertThat(stored() - storedBefore).isEqualTo(60);
        assertTotals(attempts, 60);
        assertThat(rowCount()).isEqualTo(rows);

        // the next poll starts inside the last one: only the records after it count
        List<Item<AttemptRow>> overlapping = new ArrayList<>(first.subList(40, 60));
        for (int i = 60; i < 70; i++) {
            overlapping.add(event("198.51.100." + i, 1, i));
        }
        store(overlapping);
        assertThat(stored() - storedBefore).isEqualTo(70);
        assertTotals(attempts + 10, 70);
        assertThat(rows(
                                "select ip::text, ip_text from blocked_attempt where environment_id = $1 and fold_level = 1",
                                Tuple.of(env))
                        .iterator()
                        .next()
                        .getString(1))
                .matches("198\\.51\\.100\\.\\d+|2001:db8:0:\\d::/64|unparseable");
        assertThat(rows(
                                "select count(*) from blocked_attempt where environment_id = $1 and fold_level = 1"
                                        + " and ip_text like '2001:db8:%' and ip::text <> ip_text",
                                Tuple.of(env))
                        .iterator()
                        .next()
                        .getLong(0))
                .isZero();
    }

    @Test
    void aBatchStoredTwiceAtOnceIsCountedOnce() {
        // a partition moved to another consumer while its batch was being stored: the new owner
        // stores the same records from the last committed offset at the same time, in a window
        // that has no row yet
        List<Item<AttemptRow>> batch = new ArrayList<>();
        long attempts = 0;
        for (int i = 0; i < 60; i++) {
            String ip = i % 3 == 0 ? "198.51.100." + i : "2001:db8:0:" + (i % 7) + "::" + i;
            batch.add(event(ip, i + 1, i));
            attempts += i + 1;
        }
        double storedBefore = stored();
        Uni.join()
                .all(store.store(batch), store.store(batch))
                .andCollectFailures()
                .await()
                .atMost(WAIT);
        assertThat(stored() - storedBefore).isEqualTo(60);
        assertTotals(attempts, 60);
        assertThat(rowCount()).isEqualTo(20 + 5 + 1);
    }

    private void assertTotals(long attempts, long events) {
        Row totals = rows(
                        "select sum(attempts), sum(case when fold_level = 0 then 1 else folded_events end)"
                                + " from blocked_attempt where environment_id = $1",
                        Tuple.of(env))
                .iterator()
                .next();
        assertThat(totals.getLong(0)).isEqualTo(attempts);
        assertThat(totals.getLong(1)).isEqualTo(events);
        Row window = rows(
                        "select detailed_rows, folded_rows from attempt_window where environment_id = $1",
                        Tuple.of(env))
                .iterator()
                .next();
        assertThat(window.getInteger(0)).isEqualTo(20);
        assertThat(window.getInteger(1)).isEqualTo(5);
    }

    private long rowCount() {
        return rows("select count(*) from blocked_attempt where environment_id = $1", Tuple.of(env))
                .iterator()
                .next()
                .getLong(0);
    }

    private Item<AttemptRow> event(String ip, long count, int offset) {
        IpAddress address;
        try {
            address = Addresses.parseAddress(ip);
        } catch (IllegalArgumentException e) {
            address = null;
        }
        AttemptRow row = new AttemptRow(
                UUID.randomUUID(),
                env,
                org,
                address,
                ip,
                "GET",
                "/orders/" + offset,
                "shop.example",
                window.plusMillis(offset),
                window.plusMillis(offset),
                "http",
                null,
                null,
                "NOT_ALLOWLISTED",
                count);
        return new Item<>(row, record(2, offset));
    }

    private static SourceRecord record(int partition, long offset) {
        return new SourceRecord(
                Topic.BLOCKED_ATTEMPTS.topicName(), partition, offset, null, new byte[0], new RecordHeaders());
    }

    private void store(List<Item<AttemptRow>> items) {
        store.store(items).await().atMost(WAIT);
    }

    private double stored() {
        return registry.get("ipfence.audit.attempts.stored").counter().count();
    }

    private RowSet<Row> rows(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT);
    }
}
