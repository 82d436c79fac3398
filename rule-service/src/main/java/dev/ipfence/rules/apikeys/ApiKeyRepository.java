package dev.ipfence.rules.apikeys;

import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.SqlTemplates;
import dev.ipfence.rules.orgrecords.OrgRecordRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.RowMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * API keys: the organization's keys through Hibernate Reactive Panache (in the session of the
 * write), and the two statements that authenticate an {@code apikey} header through the SQL
 * client, outside any session.
 */
@ApplicationScoped
public class ApiKeyRepository implements OrgRecordRepository<ApiKey> {

    private static final String FIND = "select id, org_id, name, roles, secret_hash, expires_at, revoked_at,"
            + " created_at, updated_at, created_by, updated_by, version from api_key where id = #{id}";

    private static final String RECORD_USE = "update api_key set last_used_at = #{at} where id = #{id}"
            + " and (last_used_at is null or last_used_at < #{at})";

    private static final RowMapper<ApiKeyState> KEY = ApiKeyRepository::state;

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** The key as the database holds it now, or null. */
    Uni<ApiKeyState> findForAuthentication(UUID id) {
        return SqlTemplates.first(pool, FIND, Map.of("id", id), KEY);
    }

    /** Records a use at {@code at}, unless a later one is recorded already. */
    Uni<Void> recordUse(UUID id, Instant at) {
        return SqlTemplates.update(pool, RECORD_USE, Map.of("id", id, "at", Clocks.toDb(at)))
                .replaceWithVoid();
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
                Clocks.fromDb(row.getOffsetDateTime("expires_at")),
                Clocks.fromDb(row.getOffsetDateTime("revoked_at")),
                Clocks.fromDb(row.getOffsetDateTime("created_at")),
                Clocks.fromDb(row.getOffsetDateTime("updated_at")),
                row.getString("created_by"),
                row.getString("updated_by"),
                row.getLong("version"));
    }
}
