package dev.ipfence.rules.hierarchy;

import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.ProjectState;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.SqlTemplates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.RowMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Projects and environments. Every lookup is by organization too: another tenant's id finds nothing. */
@ApplicationScoped
public class HierarchyRepository {

    private static final String PROJECT_COLUMNS =
            "id, org_id, name, created_at, updated_at, created_by, updated_by, version";
    private static final String ENVIRONMENT_COLUMNS =
            "id, org_id, project_id, name, created_at, updated_at, created_by, updated_by, version";

    private static final String INSERT_PROJECT = "insert into project (" + PROJECT_COLUMNS + ") values (#{id},"
            + " #{orgId}, #{name}, #{createdAt}, #{updatedAt}, #{createdBy}, #{updatedBy}, #{version})";
    private static final String FIND_PROJECT =
            "select " + PROJECT_COLUMNS + " from project where id = #{id} and org_id = #{orgId}";
    private static final String FIND_PROJECT_FOR_UPDATE = FIND_PROJECT + " for update";
    private static final String LIST_PROJECTS =
            "select " + PROJECT_COLUMNS + " from project where org_id = #{orgId} order by created_at, id";

    private static final String INSERT_ENVIRONMENT = "insert into environment (" + ENVIRONMENT_COLUMNS
            + ") values (#{id}, #{orgId}, #{projectId}, #{name}, #{createdAt}, #{updatedAt}, #{createdBy},"
            + " #{updatedBy}, #{version})";
    private static final String FIND_ENVIRONMENT =
            "select " + ENVIRONMENT_COLUMNS + " from environment where id = #{id} and org_id = #{orgId}";
    private static final String FIND_ENVIRONMENT_FOR_UPDATE = FIND_ENVIRONMENT + " for update";
    private static final String LIST_ENVIRONMENTS = "select " + ENVIRONMENT_COLUMNS
            + " from environment where project_id = #{projectId} and org_id = #{orgId} order by created_at, id";
    private static final String LIST_ENVIRONMENTS_FOR_UPDATE = LIST_ENVIRONMENTS + " for update";
    private static final String DELETE_ENVIRONMENTS = "delete from environment where id = any(#{ids})";

    /** The statements projects and environments share, each written for one of the two tables. */
    private record TableStatements(String rename, String hold, String count, String delete) {

        static TableStatements of(String table) {
            return new TableStatements(
                    "update " + table + " set name = #{name}, updated_at = #{updatedAt}, updated_by = #{updatedBy},"
                            + " version = #{version} where id = #{id} and org_id = #{orgId}",
                    "select 1 from " + table + " where id = #{id} and org_id = #{orgId} for key share",
                    "select count(*) from " + table + " where org_id = #{orgId}",
                    "delete from " + table + " where id = #{id}");
        }
    }

    private static final TableStatements PROJECT = TableStatements.of("project");
    private static final TableStatements ENVIRONMENT = TableStatements.of("environment");

    private static final RowMapper<ProjectState> PROJECT_ROW = HierarchyRepository::project;
    private static final RowMapper<EnvironmentState> ENVIRONMENT_ROW = HierarchyRepository::environment;

    public Uni<Void> insertProject(SqlClient db, ProjectState p) {
        Map<String, Object> parameters = audited(p.createdAt(), p.updatedAt(), p.createdBy(), p.updatedBy());
        parameters.put("id", p.id());
        parameters.put("orgId", p.orgId());
        parameters.put("name", p.name());
        parameters.put("version", p.version());
        return SqlTemplates.update(db, INSERT_PROJECT, parameters).replaceWithVoid();
    }

    public Uni<Void> updateProject(SqlClient db, ProjectState p) {
        return rename(db, PROJECT, p.id(), p.orgId(), p.name(), p.updatedAt(), p.updatedBy(), p.version());
    }

    /** The project, locked for the rest of the transaction when {@code forUpdate}. */
    public Uni<ProjectState> findProject(SqlClient db, UUID orgId, UUID id, boolean forUpdate) {
        return SqlTemplates.first(
                db, forUpdate ? FIND_PROJECT_FOR_UPDATE : FIND_PROJECT, Map.of("id", id, "orgId", orgId), PROJECT_ROW);
    }

    /**
     * Whether the project exists, holding its row FOR KEY SHARE until the transaction ends: it
     * cannot be deleted meanwhile (a delete waits, then sees what this transaction wrote).
     */
    public Uni<Boolean> holdProject(SqlClient tx, UUID orgId, UUID id) {
        return hold(tx, PROJECT, orgId, id);
    }

    /** Like {@link #holdProject}, for an environment. */
    public Uni<Boolean> holdEnvironment(SqlClient tx, UUID orgId, UUID id) {
        return hold(tx, ENVIRONMENT, orgId, id);
    }

    public Uni<List<ProjectState>> listProjects(SqlClient db, UUID orgId) {
        return SqlTemplates.list(db, LIST_PROJECTS, Map.of("orgId", orgId), PROJECT_ROW);
    }

    public Uni<Long> countProjects(SqlClient db, UUID orgId) {
        return count(db, PROJECT, orgId);
    }

    public Uni<Long> countEnvironments(SqlClient db, UUID orgId) {
        return count(db, ENVIRONMENT, orgId);
    }

    public Uni<Void> deleteProject(SqlClient db, UUID id) {
        return delete(db, PROJECT, id);
    }

    public Uni<Void> insertEnvironment(SqlClient db, EnvironmentState e) {
        Map<String, Object> parameters = audited(e.createdAt(), e.updatedAt(), e.createdBy(), e.updatedBy());
        parameters.put("id", e.id());
        parameters.put("orgId", e.orgId());
        parameters.put("projectId", e.projectId());
        parameters.put("name", e.name());
        parameters.put("version", e.version());
        return SqlTemplates.update(db, INSERT_ENVIRONMENT, parameters).replaceWithVoid();
    }

    public Uni<Void> updateEnvironment(SqlClient db, EnvironmentState e) {
        return rename(db, ENVIRONMENT, e.id(), e.orgId(), e.name(), e.updatedAt(), e.updatedBy(), e.version());
    }

    public Uni<EnvironmentState> findEnvironment(SqlClient db, UUID orgId, UUID id, boolean forUpdate) {
        return SqlTemplates.first(
                db,
                forUpdate ? FIND_ENVIRONMENT_FOR_UPDATE : FIND_ENVIRONMENT,
                Map.of("id", id, "orgId", orgId),
                ENVIRONMENT_ROW);
    }

    public Uni<List<EnvironmentState>> listEnvironments(SqlClient db, UUID orgId, UUID projectId, boolean forUpdate) {
        return SqlTemplates.list(
                db,
                forUpdate ? LIST_ENVIRONMENTS_FOR_UPDATE : LIST_ENVIRONMENTS,
                Map.of("projectId", projectId, "orgId", orgId),
                ENVIRONMENT_ROW);
    }

    public Uni<Void> deleteEnvironments(SqlClient db, List<UUID> ids) {
        return SqlTemplates.update(db, DELETE_ENVIRONMENTS, Map.of("ids", ids.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> deleteEnvironment(SqlClient db, UUID id) {
        return delete(db, ENVIRONMENT, id);
    }

    private static Uni<Void> rename(
            SqlClient db,
            TableStatements table,
            UUID id,
            UUID orgId,
            String name,
            Instant updatedAt,
            String updatedBy,
            long version) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", id);
        parameters.put("orgId", orgId);
        parameters.put("name", name);
        parameters.put("updatedAt", Clocks.toDb(updatedAt));
        parameters.put("updatedBy", updatedBy);
        parameters.put("version", version);
        return SqlTemplates.update(db, table.rename(), parameters).replaceWithVoid();
    }

    private static Uni<Boolean> hold(SqlClient tx, TableStatements table, UUID orgId, UUID id) {
        return SqlTemplates.first(tx, table.hold(), Map.of("id", id, "orgId", orgId), row -> true)
                .map(found -> found != null);
    }

    private static Uni<Long> count(SqlClient db, TableStatements table, UUID orgId) {
        return SqlTemplates.first(db, table.count(), Map.of("orgId", orgId), row -> row.getLong(0));
    }

    private static Uni<Void> delete(SqlClient db, TableStatements table, UUID id) {
        return SqlTemplates.update(db, table.delete(), Map.of("id", id)).replaceWithVoid();
    }

    /** The audit columns every insert writes; created_by and updated_by may be null. */
    private static Map<String, Object> audited(
            Instant createdAt, Instant updatedAt, String createdBy, String updatedBy) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("createdAt", Clocks.toDb(createdAt));
        parameters.put("updatedAt", Clocks.toDb(updatedAt));
        parameters.put("createdBy", createdBy);
        parameters.put("updatedBy", updatedBy);
        return parameters;
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
