package dev.ipfence.audit.changes;

import dev.ipfence.audit.common.AuditConfig;
import dev.ipfence.audit.common.Cursor;
import dev.ipfence.audit.common.QueryParams;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.web.Caller;
import dev.ipfence.web.ProblemException;
import dev.ipfence.web.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /api/audit/changes}: who changed what and when, with the state before and after. */
@Path("/api/audit/changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeResource {

    private static final Set<String> ENTITY_TYPES = java.util.Arrays.stream(ChangeEvent.EntityType.values())
            .map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Set<String> SCOPES = Set.of("org", "project", "environment");

    @Schema(requiredProperties = {"id", "entityType", "entityId", "change", "version", "occurredAt"})
    public record Change(
            UUID id,
            String entityType,
            UUID entityId,
            String change,
            long version,
            String actor,
            Instant occurredAt,
            String scope,
            UUID scopeId,
            Map<String, Object> before,
            Map<String, Object> after) {}

    @Schema(requiredProperties = {"changes"})
    public record ChangePage(List<Change> changes, String nextCursor) {}

    private final Pool pool;
    private final Caller caller;
    private final AuditConfig config;

    public ChangeResource(Pool pool, Caller caller, AuditConfig config) {
        this.pool = pool;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(
            operationId = "listChanges",
            summary = "The organization's change log, newest first, filtered and paginated")
    public Uni<ChangePage> list(
            @QueryParam("entityType") String entityType,
            @QueryParam("entityId")
                    @Parameter(
                            description = "Only changes of this entity",
                            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                    String entityId,
            @QueryParam("scope")
                    @Parameter(
                            description = "Only changes at this scope",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"org", "project", "environment"}))
                    String scope,
            @QueryParam("scopeId")
                    @Parameter(
                            description = "Only changes at this project or environment (or organization)",
                            schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                    String scopeId,
            @QueryParam("actor") String actor,
            @QueryParam("since")
                    @Parameter(
                            description = "Only changes at or after this instant",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    String since,
            @QueryParam("until")
                    @Parameter(
                            description = "Only changes up to this instant",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    String until,
            @QueryParam("limit")
                    @Parameter(
                            description = "How many to return, at most ipfence.audit.max-page-size (default "
                                    + AuditConfig.DEFAULT_MAX_PAGE_SIZE + ")",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = AuditConfig.DEFAULT_MAX_PAGE_SIZE,
                                            defaultValue = "50"))
                    String limit,
            @QueryParam("before")
                    @Parameter(
                            description = "The nextCursor of the previous page",
                            schema = @Schema(type = SchemaType.STRING))
                    String before,
            @Context UriInfo uri) {
        QueryParams.onlyKnown(
                uri,
                Set.of("entityType", "entityId", "scope", "scopeId", "actor", "since", "until", "limit", "before"));
        oneOf(entityType, ENTITY_TYPES, "entityType");
        oneOf(scope, SCOPES, "scope");
        int size = QueryParams.limit(limit, 50, config.maxPageSize());
        Cursor cursor = Cursor.decode(before, "before");
        Tuple args = Tuple.tuple()
                .addValue(caller.orgId())
                .addValue(entityType)
                .addValue(QueryParams.uuid(entityId, "entityId"))
                .addValue(scope)
                .addValue(QueryParams.uuid(scopeId, "scopeId"))
                .addValue(actor)
                .addValue(at(QueryParams.instant(since, "since")))
                .addValue(at(QueryParams.instant(until, "until")))
                .addValue(cursor == null ? null : at(cursor.time()))
                .addValue(cursor == null ? null : cursor.id())
                .addValue(size);
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
                        changes.add(new Change(
                                row.getUUID("event_id"),
                                row.getString("entity_type"),
                                row.getUUID("entity_id"),
                                row.getString("change"),
                                row.getLong("version"),
                                row.getString("actor"),
                                row.getOffsetDateTime("occurred_at").toInstant(),
                                row.getString("scope"),
                                row.getUUID("scope_id"),
                                map(row.getJsonObject("before")),
                                map(row.getJsonObject("after"))));
                        Change last = changes.get(changes.size() - 1);
                        if (last.before() != null) {
                            // never shown, even if a row of an older version kept it
                            last.before().remove("secretHash");
                        }
                        if (last.after() != null) {
                            last.after().remove("secretHash");
                        }
                    }
                    String next = changes.size() < size
                            ? null
                            : new Cursor(
                                            changes.get(changes.size() - 1).occurredAt(),
                                            changes.get(changes.size() - 1).id())
                                    .encode();
                    return new ChangePage(changes, next);
                });
    }

    private static void oneOf(String value, Set<String> allowed, String field) {
        if (value != null && !allowed.contains(value)) {
            throw ProblemException.badRequest(
                    field, "\"" + value + "\" is not one of " + new java.util.TreeSet<>(allowed));
        }
    }

    private static Map<String, Object> map(JsonObject json) {
        return json == null ? null : new java.util.LinkedHashMap<>(json.getMap());
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
