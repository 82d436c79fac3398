package dev.ipfence.rules.apikeys;

import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.web.apikeys.ApiKeyDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * rule-service's key directory: its own database, so a revoked key stops working on the next
 * request. Each use is recorded in {@code last_used_at}, at most once a minute per key and after
 * the request was authenticated (never delaying it; a failed write is only logged).
 */
@ApplicationScoped
public class DatabaseApiKeys implements ApiKeyDirectory {

    private static final Logger LOG = Logger.getLogger(DatabaseApiKeys.class);
    static final Duration USE_RECORD_INTERVAL = Duration.ofMinutes(1);

    private final Pool pool;
    private final Clock clock;
    private final Map<UUID, Instant> lastRecorded = new ConcurrentHashMap<>();

    public DatabaseApiKeys(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    @Override
    public Uni<Entry> find(UUID id) {
        return pool.preparedQuery("select id, org_id, name, roles, secret_hash, expires_at, revoked_at, created_at,"
                        + " updated_at, created_by, updated_by, version from api_key where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext()
                        ? new Known(state(rows.iterator().next()))
                        : UNKNOWN);
    }

    @Override
    public void used(UUID id) {
        Instant now = Clocks.now(clock);
        Instant last = lastRecorded.get(id);
        if (last != null && last.plus(USE_RECORD_INTERVAL).isAfter(now)) {
            return;
        }
        lastRecorded.put(id, now);
        pool.preparedQuery("update api_key set last_used_at = $2 where id = $1"
                        + " and (last_used_at is null or last_used_at < $2)")
                .execute(Tuple.of(id, Clocks.toDb(now)))
                .subscribe()
                .with(ok -> {}, failure -> {
                    lastRecorded.remove(id);
                    LOG.warnf("Could not record the use of API key %s: %s", id, failure.getMessage());
                });
    }

    private static ApiKeyState state(Row row) {
        return new ApiKeyState(
                row.getUUID("id"),
                row.getUUID("org_id"),
                row.getString("name"),
                Arrays.stream(row.getString("roles").split(" "))
                        .filter(r -> !r.isEmpty())
                        .toList(),
                row.getString("secret_hash"),
                time(row, "expires_at"),
                time(row, "revoked_at"),
                time(row, "created_at"),
                time(row, "updated_at"),
                row.getString("created_by"),
                row.getString("updated_by"),
                row.getLong("version"));
    }

    private static Instant time(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return Clocks.fromDb(value);
    }
}
