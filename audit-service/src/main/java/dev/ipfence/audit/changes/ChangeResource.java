package dev.ipfence.audit.changes;

import dev.ipfence.audit.common.AuditConfig;
import dev.ipfence.audit.common.Cursor;
import dev.ipfence.audit.common.QueryParams;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.web.Caller;
import dev.ipfence.web.ProblemException;
import dev.ipfence.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
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

    private final ChangeRepository changes;
    private final Caller caller;
    private final AuditConfig config;

    public ChangeResource(ChangeRepository changes, Caller caller, AuditConfig config) {
        this.changes = changes;
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
        ChangeRepository.Filter filter = new ChangeRepository.Filter(
                caller.orgId(),
                entityType,
                QueryParams.uuid(entityId, "entityId"),
                scope,
                QueryParams.uuid(scopeId, "scopeId"),
                actor,
                QueryParams.instant(since, "since"),
                QueryParams.instant(until, "until"));
        return changes.page(filter, cursor, size).map(page -> {
            String next = page.size() < size
                    ? null
                    : new Cursor(
                                    page.get(page.size() - 1).occurredAt(),
                                    page.get(page.size() - 1).id())
                            .encode();
            return new ChangePage(page, next);
        });
    }

    private static void oneOf(String value, Set<String> allowed, String field) {
        if (value != null && !allowed.contains(value)) {
            throw ProblemException.badRequest(
                    field, "\"" + value + "\" is not one of " + new java.util.TreeSet<>(allowed));
        }
    }
}
