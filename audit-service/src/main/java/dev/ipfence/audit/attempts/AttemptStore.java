package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.FloodFolding.Fold;
import dev.ipfence.audit.attempts.FloodFolding.Incoming;
import dev.ipfence.audit.attempts.FloodFolding.Plan;
import dev.ipfence.audit.attempts.FloodFolding.StoredFold;
import dev.ipfence.audit.attempts.FloodFolding.WindowCount;
import dev.ipfence.audit.attempts.FloodFolding.WindowKey;
import dev.ipfence.audit.common.AuditConfig;
import dev.ipfence.audit.ingest.IngestPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores one batch of blocked attempts in one transaction, as {@link FloodFolding} plans it: the
 * windows' row counts are read (and locked) first, then the events stored as received (one
 * statement; a replayed id is a no-op), the folded rows added to, and the counts moved on.
 */
@ApplicationScoped
public class AttemptStore implements IngestPipeline.Store<AttemptRow> {

    private static final String INSERT = "insert into blocked_attempt (event_id, environment_id, org_id, ip, ip_text,"
            + " method, path, target, occurred_at, last_at, traffic_scope, rule_id, reason, attempts, policy_id)"
            + " select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]::inet[], $5::text[], $6::text[],"
            + " $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::uuid[], $13::text[],"
            + " $14::bigint[], $15::uuid[]) on conflict (event_id) do nothing returning event_id";

    private static final String UPSERT_FOLDS = "insert into blocked_attempt (event_id, environment_id, org_id, ip,"
            + " ip_text, method, path, target, occurred_at, last_at, traffic_scope, rule_id, reason, attempts, policy_id,"
            + " fold_level, folded_events, source_partition, source_offset)"
            + " select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]::inet[], $5::text[], $6::text[],"
            + " $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::uuid[], $13::text[],"
            + " $14::bigint[], $15::uuid[], $16::smallint[], $17::bigint[], $18::int[], $19::bigint[])"
            + " on conflict (event_id) do update set"
            + " attempts = blocked_attempt.attempts + excluded.attempts,"
            + " folded_events = blocked_attempt.folded_events + excluded.folded_events,"
            + " occurred_at = least(blocked_attempt.occurred_at, excluded.occurred_at),"
            + " last_at = greatest(blocked_attempt.last_at, excluded.last_at),"
            + " reason = case when blocked_attempt.reason = excluded.reason then blocked_attempt.reason else '"
            + FloodFolding.MIXED + "' end,"
            + " rule_id = case when blocked_attempt.rule_id is not distinct from excluded.rule_id"
            + " then blocked_attempt.rule_id end,"
            + " policy_id = case when blocked_attempt.policy_id is not distinct from excluded.policy_id"
            + " then blocked_attempt.policy_id end,"
            + " traffic_scope = case when blocked_attempt.traffic_scope is not distinct from excluded.traffic_scope"
            + " then blocked_attempt.traffic_scope end,"
            + " source_partition = excluded.source_partition, source_offset = excluded.source_offset"
            + " where blocked_attempt.fold_level = excluded.fold_level";

    private static final String WINDOWS = "select a.environment_id, a.window_start, a.detailed_rows, a.folded_rows"
            + " from unnest($1::uuid[], $2::timestamptz[]) as w (environment_id, window_start)"
            + " join attempt_window a on a.environment_id = w.environment_id and a.window_start = w.window_start"
            + " for update of a";

    private static final String UPSERT_WINDOWS = "insert into attempt_window (environment_id, window_start,"
            + " detailed_rows, folded_rows) select * from unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::int[])"
            + " on conflict (environment_id, window_start) do update set"
            + " detailed_rows = attempt_window.detailed_rows + excluded.detailed_rows,"
            + " folded_rows = attempt_window.folded_rows + excluded.folded_rows";

    private final Pool pool;
    private final FloodFolding folding;
    private final Counter stored;
    private final Counter folded;
    private final Timer batchLatency;

    public AttemptStore(Pool pool, AuditConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.folding = new FloodFolding(new FloodFolding.Limits(
                config.flood().window(),
                config.flood().detailedRows(),
                config.flood().foldedRows()));
        this.stored = Counter.builder("ipfence.audit.attempts.stored")
                .description("Blocked-attempt events stored, as received or folded (replays excluded)")
                .register(registry);
        this.folded = Counter.builder("ipfence.audit.attempts.folded")
                .description("Blocked-attempt events folded into a summary row under a flood")
                .register(registry);
        this.batchLatency = Timer.builder("ipfence.audit.attempts.batch")
                .description("Time to store one batch of blocked-attempt events")
                .register(registry);
    }

    @Override
    public Uni<Void> store(List<IngestPipeline.Item<AttemptRow>> items) {
        List<Incoming> batch = new ArrayList<>(items.size());
        for (IngestPipeline.Item<AttemptRow> item : items) {
            batch.add(new Incoming(
                    item.value(), item.source().partition(), item.source().offset()));
        }
        long started = System.nanoTime();
        return pool.withTransaction(tx -> windows(tx, batch).flatMap(counts -> {
                    Set<WindowKey> pressured = folding.pressured(batch, counts);
                    return lookup(tx, folding.lookups(batch, pressured)).flatMap(found -> {
                        Plan plan = folding.plan(batch, found.events(), found.folds(), counts);
                        return write(tx, plan);
                    });
                }))
                .invoke(storedEvents -> {
                    stored.increment(storedEvents);
                    batchLatency.record(Duration.ofNanos(System.nanoTime() - started));
                })
                .replaceWithVoid();
    }

    /** Writes a plan; returns how many events it stored (replays excluded). */
    private Uni<Long> write(SqlClient tx, Plan plan) {
        return insertDetailed(tx, plan.detailed())
                .flatMap(inserted -> upsertFolds(tx, plan.folds())
                        .flatMap(ok -> {
                            Map<WindowKey, int[]> added = new HashMap<>();
                            inserted.forEach(
                                    (window, count) -> added.computeIfAbsent(window, w -> new int[2])[0] += count);
                            plan.newFoldRows()
                                    .forEach((window, count) ->
                                            added.computeIfAbsent(window, w -> new int[2])[1] += count);
                            return upsertWindows(tx, added);
                        })
                        .map(ok -> {
                            long foldedEvents = plan.foldedEvents();
                            folded.increment(foldedEvents);
                            return inserted.values().stream()
                                            .mapToLong(Integer::longValue)
                                            .sum()
                                    + foldedEvents;
                        }));
    }

    private Uni<Map<WindowKey, WindowCount>> windows(SqlClient tx, List<Incoming> batch) {
        Set<WindowKey> keys = new HashSet<>();
        for (Incoming in : batch) {
            keys.add(folding.windowOf(in.attempt()));
        }
        List<UUID> environments = new ArrayList<>(keys.size());
        List<OffsetDateTime> starts = new ArrayList<>(keys.size());
        for (WindowKey key : keys) {
            environments.add(key.environmentId());
            starts.add(at(key.start()));
        }
        return tx.preparedQuery(WINDOWS)
                .execute(Tuple.tuple()
                        .addArrayOfUUID(environments.toArray(UUID[]::new))
                        .addArrayOfOffsetDateTime(starts.toArray(OffsetDateTime[]::new)))
                .map(rows -> {
                    Map<WindowKey, WindowCount> counts = new HashMap<>();
                    for (Row row : rows) {
                        counts.put(
                                new WindowKey(
                                        row.getUUID("environment_id"),
                                        row.getOffsetDateTime("window_start").toInstant()),
                                new WindowCount(row.getInteger("detailed_rows"), row.getInteger("folded_rows")));
                    }
                    return counts;
                });
    }

    private record Found(Set<UUID> events, Map<UUID, StoredFold> folds) {}

    private Uni<Found> lookup(SqlClient tx, Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new Found(Set.of(), Map.of()));
        }
        return tx.preparedQuery("select event_id, fold_level, source_partition, source_offset from blocked_attempt"
                        + " where event_id = any($1)")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> events = new HashSet<>();
                    Map<UUID, StoredFold> folds = new HashMap<>();
                    for (Row row : rows) {
                        if (row.getShort("fold_level") == 0) {
                            events.add(row.getUUID("event_id"));
                        } else {
                            Integer partition = row.getInteger("source_partition");
                            Long offset = row.getLong("source_offset");
                            folds.put(
                                    row.getUUID("event_id"),
                                    new StoredFold(partition == null ? -1 : partition, offset == null ? -1 : offset));
                        }
                    }
                    return new Found(events, folds);
                });
    }

    /** Inserts the events stored as received; returns how many were new, per window. */
    private Uni<Map<WindowKey, Integer>> insertDetailed(SqlClient tx, List<AttemptRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Columns c = new Columns(rows.size());
        for (AttemptRow a : rows) {
            c.add(
                    a.id(),
                    a.environmentId(),
                    a.orgId(),
                    a.inet(),
                    a.ipText(),
                    a.method(),
                    a.path(),
                    a.target(),
                    a.first(),
                    a.last(),
                    a.trafficScope(),
                    a.ruleId(),
                    a.policyId(),
                    a.reason(),
                    a.count());
        }
        return tx.preparedQuery(INSERT).execute(c.tuple()).map(inserted -> {
            Map<UUID, WindowKey> windows = new HashMap<>();
            for (AttemptRow a : rows) {
                windows.put(a.id(), folding.windowOf(a));
            }
            Map<WindowKey, Integer> perWindow = new HashMap<>();
            for (Row row : inserted) {
                perWindow.merge(windows.get(row.getUUID("event_id")), 1, Integer::sum);
            }
            return perWindow;
        });
    }

    private Uni<Void> upsertFolds(SqlClient tx, List<Fold> folds) {
        if (folds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns c = new Columns(folds.size());
        List<Short> levels = new ArrayList<>(folds.size());
        List<Long> events = new ArrayList<>(folds.size());
        List<Integer> partitions = new ArrayList<>(folds.size());
        List<Long> offsets = new ArrayList<>(folds.size());
        for (Fold f : folds) {
            c.add(
                    f.id(),
                    f.environmentId(),
                    f.orgId(),
                    f.inet(),
                    f.source(),
                    f.method(),
                    f.path(),
                    f.target(),
                    f.first(),
                    f.last(),
                    f.trafficScope(),
                    f.ruleId(),
                    f.policyId(),
                    f.reason(),
                    f.attempts());
            levels.add(f.level());
            events.add(f.events());
            partitions.add(f.partition());
            offsets.add(f.offset());
        }
        return tx.preparedQuery(UPSERT_FOLDS)
                .execute(c.tuple()
                        .addArrayOfShort(levels.toArray(Short[]::new))
                        .addArrayOfLong(events.toArray(Long[]::new))
                        .addArrayOfInteger(partitions.toArray(Integer[]::new))
                        .addArrayOfLong(offsets.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    private Uni<Void> upsertWindows(SqlClient tx, Map<WindowKey, int[]> added) {
        if (added.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> environments = new ArrayList<>();
        List<OffsetDateTime> starts = new ArrayList<>();
        List<Integer> detailed = new ArrayList<>();
        List<Integer> foldedRows = new ArrayList<>();
        added.forEach((window, count) -> {
            environments.add(window.environmentId());
            starts.add(at(window.start()));
            detailed.add(count[0]);
            foldedRows.add(count[1]);
        });
        return tx.preparedQuery(UPSERT_WINDOWS)
                .execute(Tuple.tuple()
                        .addArrayOfUUID(environments.toArray(UUID[]::new))
                        .addArrayOfOffsetDateTime(starts.toArray(OffsetDateTime[]::new))
                        .addArrayOfInteger(detailed.toArray(Integer[]::new))
                        .addArrayOfInteger(foldedRows.toArray(Integer[]::new)))
                .replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** One array per column of {@code blocked_attempt}, for a single unnest statement. */
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
        final List<UUID> policies;
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
            policies = new ArrayList<>(capacity);
            reasons = new ArrayList<>(capacity);
            counts = new ArrayList<>(capacity);
        }

        void add(
                UUID id,
                UUID environment,
                UUID org,
                String ip,
                String ipText,
                String method,
                String path,
                String target,
                Instant first,
                Instant lastSeen,
                String trafficScope,
                UUID rule,
                UUID policy,
                String reason,
                long count) {
            ids.add(id);
            environments.add(environment);
            orgs.add(org);
            ips.add(ip);
            ipTexts.add(ipText);
            methods.add(method);
            paths.add(path);
            targets.add(target);
            occurred.add(at(first));
            last.add(at(lastSeen));
            trafficScopes.add(trafficScope);
            rules.add(rule);
            policies.add(policy);
            reasons.add(reason);
            counts.add(count);
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
                    .addArrayOfLong(counts.toArray(Long[]::new))
                    .addArrayOfUUID(policies.toArray(UUID[]::new));
        }
    }
}
