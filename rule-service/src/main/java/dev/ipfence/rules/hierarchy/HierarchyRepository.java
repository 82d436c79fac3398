package dev.ipfence.rules.hierarchy;

import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.ProjectState;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Projects and environments. Every lookup is by organization too: another tenant's id finds nothing. */
@ApplicationScoped
public class HierarchyRepository {

    private static final String PROJECT_COLUMNS =
            "id, org_id, name, created_at, updated_at, created_by, updated_by, version";
    private static final String ENVIRONMENT_COLUMNS =
            "id, org_id, project_id, name, created_at, updated_at, created_by, updated_by, version";

    public Uni<Void> insertProject(SqlClient db, ProjectState p) {
        return db.preparedQuery("insert into project (" + PROJECT_COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(List.of(
                        p.id(),
                        p.orgId(),
                        p.name(),
                        Clocks.toDb(p.createdAt()),
                        Clocks.toDb(p.updatedAt()),
                        p.createdBy(),
                        p.updatedBy(),
                        p.version())))
                .replaceWithVoid();
    }

    public Uni<Void> updateProject(SqlClient db, ProjectState p) {
        return rename(db, "project", p.id(), p.orgId(), p.name(), p.updatedAt(), p.updatedBy(), p.version());
    }

    /** The project, locked for the rest of the transaction when {@code forUpdate}. */
    public Uni<ProjectState> findProject(SqlClient db, UUID orgId, UUID id, boolean forUpdate) {
        return db.preparedQuery("select " + PROJECT_COLUMNS + " from project where id = $1 and org_id = $2"
                        + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(id, orgId))
                .map(rows -> Rows.first(rows, HierarchyRepository::project));
    }

    /**
     * Whether the project exists, holding its row FOR KEY SHARE until the transaction ends: it
     * cannot be deleted meanwhile (a delete waits, then sees what this transaction wrote).
     */
    public Uni<Boolean> holdProject(SqlClient tx, UUID orgId, UUID id) {
        return hold(tx, "project", orgId, id);
    }

    /** Like {@link #holdProject}, for an environment. */
    public Uni<Boolean> holdEnvironment(SqlClient tx, UUID orgId, UUID id) {
        return hold(tx, "environment", orgId, id);
    }

    public Uni<List<ProjectState>> listProjects(SqlClient db, UUID orgId) {
        return db.preparedQuery("select " + PROJECT_COLUMNS + " from project where org_id = $1 order by created_at, id")
                .execute(Tuple.of(orgId))
                .map(rows -> Rows.all(rows, HierarchyRepository::project));
    }

    public Uni<Long> countProjects(SqlClient db, UUID orgId) {
        return count(db, "project", orgId);
    }

    public Uni<Long> countEnvironments(SqlClient db, UUID orgId) {
        return count(db, "environment", orgId);
    }

    public Uni<Void> deleteProject(SqlClient db, UUID id) {
        return delete(db, "project", id);
    }

    public Uni<Void> insertEnvironment(SqlClient db, EnvironmentState e) {
        return db.preparedQuery("insert into environment (" + ENVIRONMENT_COLUMNS
                        + ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(List.of(
                        e.id(),
                        e.orgId(),
                        e.projectId(),
                        e.name(),
                        Clocks.toDb(e.createdAt()),
                        Clocks.toDb(e.updatedAt()),
                        e.createdBy(),
                        e.updatedBy(),
                        e.version())))
                .replaceWithVoid();
    }

    public Uni<Void> updateEnvironment(SqlClient db, EnvironmentState e) {
        return rename(db, "environment", e.id(), e.orgId(), e.name(), e.updatedAt(), e.updatedBy(), e.version());
    }

    public Uni<EnvironmentState> findEnvironment(SqlClient db, UUID orgId, UUID id, boolean forUpdate) {
        return db.preparedQuery("select " + ENVIRONMENT_COLUMNS + " from environment where id = $1 and org_id = $2"
                        + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(id, orgId))
                .map(rows -> Rows.first(rows, HierarchyRepository::environment));
    }

    public Uni<List<EnvironmentState>> listEnvironments(SqlClient db, UUID orgId, UUID projectId, boolean forUpdate) {
        return db.preparedQuery("select " + ENVIRONMENT_COLUMNS
                        + " from environment where project_id = $1 and org_id = $2 order by created_at, id"
                        + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(projectId, orgId))
                .map(rows -> Rows.all(rows, HierarchyRepository::environment));
    }

    public Uni<Void> deleteEnvironments(SqlClient db, List<UUID> ids) {
        return db.preparedQuery("delete from environment where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> deleteEnvironment(SqlClient db, UUID id) {
        return delete(db, "environment", id);
    }

    // projects and environments share these statements; table is one of the two names, never input

    private static Uni<Void> rename(
            SqlClient db,
            String table,
            UUID id,
            UUID orgId,
            String name,
            Instant updatedAt,
            String updatedBy,
            long version) {
        return db.preparedQuery("update " + table + " set name = $3, updated_at = $4, updated_by = $5, version = $6"
                        + " where id = $1 and org_id = $2")
                .execute(Tuple.from(List.of(id, orgId, name, Clocks.toDb(updatedAt), updatedBy, version)))
                .replaceWithVoid();
    }

    private static Uni<Boolean> hold(SqlClient tx, String table, UUID orgId, UUID id) {
        return tx.preparedQuery("select 1 from " + table + " where id = $1 and org_id = $2 for key share")
                .execute(Tuple.of(id, orgId))
                .map(rows -> rows.size() > 0);
    }

    private static Uni<Long> count(SqlClient db, String table, UUID orgId) {
        return db.preparedQuery("select count(*) from " + table + " where org_id = $1")
                .execute(Tuple.of(orgId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Uni<Void> delete(SqlClient db, String table, UUID id) {
        return db.preparedQuery("delete from " + table + " where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    private static ProjectState project(Row row) {
        return new ProjectState(
                row.getUUID("id"),
                row.getUUID("org_id"),
                row.getString("name"),
                Clocks.fromDb(row.getOffsetDateTime("created_at")),
                Clocks.fromDb(row.getOffsetDateTime("updated_at")),
                row.getString("created_by"),
                row.getString("updated_by"),
                row.getLong("version"));
    }

    private static EnvironmentState environment(Row row) {
        return new EnvironmentState(
                row.getUUID("id"),
                row.getUUID("org_id"),
                row.getUUID("project_id"),
                row.getString("name"),
                Clocks.fromDb(row.getOffsetDateTime("created_at")),
                Clocks.fromDb(row.getOffsetDateTime("updated_at")),
                row.getString("created_by"),
                row.getString("updated_by"),
                row.getLong("version"));
    }
}
