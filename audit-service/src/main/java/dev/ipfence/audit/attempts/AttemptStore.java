package dev.ipfence.audit.attempts;

import dev.ipfence.audit.ingest.IngestPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Stores one batch of blocked attempts in one statement; the event id makes a replayed event a no-op. */
@ApplicationScoped
public class AttemptStore implements IngestPipeline.Store<AttemptRow> {

    private static final String INSERT = "insert into blocked_attempt (event_id, environment_id, org_id, ip, ip_text,"
            + " method, path, target, occurred_at, last_at, traffic_scope, rule_id, reason, attempts)"
            + " select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]::inet[], $5::text[], $6::text[],"
            + " $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::uuid[], $13::text[],"
            + " $14::bigint[]) on conflict (event_id) do nothing";

    private final Pool pool;
    private final Counter stored;
    private final Timer batchLatency;

    public AttemptStore(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.stored = Counter.builder("ipfence.audit.attempts.stored")
                .description("Blocked-attempt events stored (replays excluded)")
                .register(registry);
        this.batchLatency = Timer.builder("ipfence.audit.attempts.batch")
                .description("Time to store one batch of blocked-attempt events")
                .register(registry);
    }

    @Override
    public Uni<Void> store(List<IngestPipeline.Item<AttemptRow>> items) {
        List<UUID> ids = new ArrayList<>(items.size());
        List<UUID> environments = new ArrayList<>(items.size());
        List<UUID> orgs = new ArrayList<>(items.size());
        List<String> ips = new ArrayList<>(items.size());
        List<String> ipTexts = new ArrayList<>(items.size());
        List<String> methods = new ArrayList<>(items.size());
        List<String> paths = new ArrayList<>(items.size());
        List<String> targets = new ArrayList<>(items.size());
        List<OffsetDateTime> occurred = new ArrayList<>(items.size());
        List<OffsetDateTime> last = new ArrayList<>(items.size());
        List<String> trafficScopes = new ArrayList<>(items.size());
        List<UUID> rules = new ArrayList<>(items.size());
        List<String> reasons = new ArrayList<>(items.size());
        List<Long> counts = new ArrayList<>(items.size());
        for (IngestPipeline.Item<AttemptRow> item : items) {
            AttemptRow a = item.value();
            ids.add(a.id());
            environments.add(a.environmentId());
            orgs.add(a.orgId());
            ips.add(a.inet());
            ipTexts.add(a.ipText());
            methods.add(a.method());
            paths.add(a.path());
            targets.add(a.target());
            occurred.add(at(a.first()));
            last.add(at(a.last()));
            trafficScopes.add(a.trafficScope());
            rules.add(a.ruleId());
            reasons.add(a.reason());
            counts.add(a.count());
        }
        long started = System.nanoTime();
        return pool.preparedQuery(INSERT)
                .execute(Tuple.tuple()
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
                        .addArrayOfLong(counts.toArray(Long[]::new)))
                .invoke(rows -> {
                    stored.increment(rows.rowCount());
                    batchLatency.record(Duration.ofNanos(System.nanoTime() - started));
                })
                .replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
