package dev.ipfence.audit.changes;

import dev.ipfence.audit.ingest.IngestPipeline;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores one batch of rule-topic events in one transaction: a change-log row each (once, by event
 * id), and for environment events the environment -> organization map (the highest version wins).
 */
@ApplicationScoped
public class ChangeStore implements IngestPipeline.Store<ChangeRow> {

    private final Pool pool;

    public ChangeStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Void> store(List<IngestPipeline.Item<ChangeRow>> items) {
        List<Tuple> changes = new ArrayList<>(items.size());
        List<Tuple> environments = new ArrayList<>();
        for (IngestPipeline.Item<ChangeRow> item : items) {
            ChangeRow row = item.value();
            changes.add(change(row));
            if (row.environment() != null) {
                environments.add(environment(row.environment()));
            }
        }
        return pool.withTransaction(
                tx -> insertChanges(tx, changes).flatMap(ok -> upsertEnvironments(tx, environments)));
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

    private static Tuple change(ChangeRow row) {
        return Tuple.tuple()
                .addValue(row.eventId())
                .addValue(row.orgId())
                .addValue(row.entityType())
                .addValue(row.entityId())
                .addValue(row.change())
                .addValue(row.version())
                .addValue(row.actor())
                .addValue(row.occurredAt().atOffset(ZoneOffset.UTC))
                .addValue(row.scope())
                .addValue(row.scopeId())
                .addValue(row.before() == null ? null : new JsonObject(row.before()))
                .addValue(row.after() == null ? null : new JsonObject(row.after()));
    }

    private static Tuple environment(ChangeRow.EnvironmentRef env) {
        return Tuple.tuple()
                .addValue(env.id())
                .addValue(env.orgId())
                .addValue(env.projectId())
                .addValue(env.name())
                .addValue(env.deleted())
                .addValue(env.version());
    }
}
