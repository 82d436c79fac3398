package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.AttemptApi.Attempt;
import dev.ipfence.audit.attempts.AttemptApi.TopEntry;
import dev.ipfence.audit.common.Cursor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class AttemptRepository {

    /** Filters of a listing; null fields do not filter. {@code network} is a canonical CIDR. */
    public record Filter(UUID environmentId, String network, Instant since, Instant until) {}

    private static final String WHERE = " where environment_id = $1 and ($2::text is null or ip <<= $2::text::cidr)"
            + " and ($3::timestamptz is null or occurred_at >= $3) and ($4::timestamptz is null or occurred_at < $4)";

    /**
     * The address as shown: a folded row shows its source as stored (an address, an IPv6 /64,
     * {@code unparseable} or {@code *}); {@code host()} would drop a /64's length.
     */
    private static final String SHOWN_IP = "case when fold_level > 0 then ip_text else coalesce(host(ip), ip_text) end";

    private final Pool pool;

    public AttemptRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Attempt>> page(Filter filter, Cursor before, int limit) {
        Tuple args = filterArgs(filter)
                .addValue(before == null ? null : at(before.time()))
                .addValue(before == null ? null : before.id())
                .addValue(limit);
        return pool.preparedQuery("select event_id, " + SHOWN_IP + " as ip, method, path, target, occurred_at, last_at,"
                        + " attempts, folded_events, reason, rule_id, policy_id, traffic_scope from blocked_attempt"
                        + WHERE
                        + " and ($5::timestamptz is null or (occurred_at, event_id) < ($5, $6::uuid))"
                        + " order by occurred_at desc, event_id desc limit $7")
                .execute(args)
                .map(rows -> {
                    List<Attempt> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(new Attempt(
                                row.getUUID("event_id"),
                                row.getString("ip"),
                                row.getString("method"),
                                row.getString("path"),
                                row.getString("target"),
                                row.getOffsetDateTime("occurred_at").toInstant(),
                                row.getOffsetDateTime("last_at").toInstant(),
                                row.getLong("attempts"),
                                row.getLong("folded_events"),
                                row.getString("reason"),
                                row.getUUID("rule_id"),
                                row.getUUID("policy_id"),
                                row.getString("traffic_scope")));
                    }
                    return list;
                });
    }

    public Uni<Long> total(Filter filter) {
        return pool.preparedQuery("select coalesce(sum(attempts), 0) from blocked_attempt" + WHERE)
                .execute(filterArgs(filter))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Attempts (rows summed by their count) per bucket of {@code unit}, counted by the database over
     * every row matching the filter; buckets without attempts are absent.
     */
    public Uni<Map<Instant, Long>> series(Filter filter, SeriesBuckets.Unit unit) {
        return pool.preparedQuery("select date_trunc($5, occurred_at, 'UTC') as bucket, sum(attempts) as total"
                        + " from blocked_attempt" + WHERE + " group by 1")
                .execute(filterArgs(filter).addValue(unit.sqlName()))
                .map(rows -> {
                    Map<Instant, Long> counted = new HashMap<>();
                    for (Row row : rows) {
                        counted.put(row.getOffsetDateTime("bucket").toInstant(), row.getLong("total"));
                    }
                    return counted;
                });
    }

    /** The busiest addresses ({@code byRule} false) or rules since {@code since}. */
    public Uni<List<TopEntry>> top(UUID environmentId, boolean byRule, Instant since, Instant until, int limit) {
        String key = byRule ? "coalesce(rule_id::text, policy_id::text, reason)" : SHOWN_IP;
        return pool.preparedQuery("select " + key + " as key, sum(attempts) as total, max(last_at) as last_seen"
                        + " from blocked_attempt where environment_id = $1 and occurred_at >= $2"
                        + " and ($4::timestamptz is null or occurred_at < $4)"
                        + " group by 1 order by total desc, key limit $3")
                .execute(Tuple.of(environmentId, at(since), limit, at(until)))
                .map(rows -> {
                    List<TopEntry> list = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        list.add(new TopEntry(
                                row.getString("key"),
                                row.getLong("total"),
                                row.getOffsetDateTime("last_seen").toInstant()));
                    }
                    return list;
                });
    }

    /** Deletes attempts older than {@code cutoff}, a bounded chunk at a time; returns how many went. */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int chunk) {
        return pool.preparedQuery("delete from blocked_attempt where event_id in (select event_id from blocked_attempt"
                        + " where occurred_at < $1 limit $2)")
                .execute(Tuple.of(at(cutoff), chunk))
                .map(rows -> rows.rowCount());
    }

    /** Deletes the row counts of windows that started before {@code cutoff} (one row per environment and window). */
    public Uni<Integer> deleteWindowsBefore(Instant cutoff) {
        return pool.preparedQuery("delete from attempt_window where window_start < $1")
                .execute(Tuple.of(at(cutoff)))
                .map(rows -> rows.rowCount());
    }

    private static Tuple filterArgs(Filter filter) {
        return Tuple.tuple()
                .addValue(filter.environmentId())
                .addValue(filter.network())
                .addValue(at(filter.since()))
                .addValue(at(filter.until()));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
