package dev.ipfence.audit.changes;

import dev.ipfence.audit.changes.ChangeResource.Change;
import dev.ipfence.audit.common.Cursor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the change log ({@code change_log}, written by {@link ChangeStore}). */
@ApplicationScoped
public class ChangeRepository {

    /** Filters of a listing; null fields do not filter. */
    public record Filter(
            UUID orgId,
            String entityType,
            UUID entityId,
            String scope,
            UUID scopeId,
            String actor,
            Instant since,
            Instant until) {}

    /** Fields of an entity's state that a change log never shows (an API key's secret hash). */
    private static final List<String> NEVER_SHOWN = List.of("secretHash");

    private final Pool pool;

    public ChangeRepository(Pool pool) {
        this.pool = pool;
    }

    /** One page of the organization's changes, newest first, after {@code before} if given. */
    public Uni<List<Change>> page(Filter filter, Cursor before, int limit) {
        Tuple args = Tuple.tuple()
                .addValue(filter.orgId())
                .addValue(filter.entityType())
                .addValue(filter.entityId())
                .addValue(filter.scope())
                .addValue(filter.scopeId())
                .addValue(filter.actor())
                .addValue(at(filter.since()))
                .addValue(at(filter.until()))
                .addValue(before == null ? null : at(before.time()))
                .addValue(before == null ? null : before.id())
                .addValue(limit);
        return pool.preparedQuery("select event_id, entity_type, entity_id, change, version, actor, occurred_at, scope,"
                        + " scope_id, before, after from change_log where org_id = $1"
                        + " and ($2::text is null or entity_type = $2) and ($3::uuid is null or entity_id = $3)"
                        + " and ($4::text is null or scope = $4) and ($5::uuid is null or scope_id = $5)"
                        + " and ($6::text is null or actor = $6) and ($7::timestamptz is null or occurred_at >= $7)"
                        + " and ($8::timestamptz is null or occurred_at < $8)"
                        + " and ($9::timestamptz is null or (occurred_at, event_id) < ($9, $10::uuid))"
                        + " order by occurred_at desc, event_id desc limit $11")
                .execute(args)
                .map(rows -> {
                    List<Change> changes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        changes.add(change(row));
                    }
                    return changes;
                });
    }

    private static Change change(Row row) {
        return new Change(
                row.getUUID("event_id"),
                row.getString("entity_type"),
                row.getUUID("entity_id"),
                row.getString("change"),
                row.getLong("version"),
                row.getString("actor"),
                row.getOffsetDateTime("occurred_at").toInstant(),
                row.getString("scope"),
                row.getUUID("scope_id"),
                shown(row.getJsonObject("before")),
                shown(row.getJsonObject("after")));
    }

    /** An entity's state as the change log shows it: never a secret, even if an older row kept it. */
    private static Map<String, Object> shown(JsonObject json) {
        if (json == null) {
            return null;
        }
        Map<String, Object> state = new LinkedHashMap<>(json.getMap());
        NEVER_SHOWN.forEach(state::remove);
        return state;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
