package dev.ipfence.rules.iprules;

import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.common.ETags;
import dev.ipfence.rules.iprules.RuleApi.BulkRequest;
import dev.ipfence.rules.iprules.RuleApi.BulkResponse;
import dev.ipfence.rules.iprules.RuleApi.RuleList;
import dev.ipfence.rules.iprules.RuleApi.RuleRequest;
import dev.ipfence.rules.iprules.RuleApi.RuleResponse;
import dev.ipfence.web.Caller;
import dev.ipfence.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * The IP access rules of seed 000, the same endpoints at each of the three scopes: list, create,
 * {@code /bulk}, and {@code /{ruleId}} to read, update and delete. Each scope's resource below
 * only names its path; {@code scopeId} is the project or environment id (none for the org).
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public abstract class RuleResource {

    private final RuleService service;
    private final BulkImportService bulkImport;
    private final RuleRequests requests;
    private final Caller caller;
    private final Scope scope;

    RuleResource(RuleService service, BulkImportService bulkImport, RuleRequests requests, Caller caller, Scope scope) {
        this.service = service;
        this.bulkImport = bulkImport;
        this.requests = requests;
        this.caller = caller;
        this.scope = scope;
    }

    @Path("/api/org/ip-access-rules")
    public static class OrgRules extends RuleResource {
        public OrgRules(RuleService service, BulkImportService bulkImport, RuleRequests requests, Caller caller) {
            super(service, bulkImport, requests, caller, Scope.ORG);
        }
    }

    @Path("/api/projects/{scopeId}/ip-access-rules")
    public static class ProjectRules extends RuleResource {
        public ProjectRules(RuleService service, BulkImportService bulkImport, RuleRequests requests, Caller caller) {
            super(service, bulkImport, requests, caller, Scope.PROJECT);
        }
    }

    @Path("/api/environments/{scopeId}/ip-access-rules")
    public static class EnvironmentRules extends RuleResource {
        public EnvironmentRules(
                RuleService service, BulkImportService bulkImport, RuleRequests requests, Caller caller) {
            super(service, bulkImport, requests, caller, Scope.ENVIRONMENT);
        }
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "List the IP access rules of a scope")
    public Uni<RuleList> list(@PathParam("scopeId") UUID scopeId) {
        return service.list(scope(scopeId))
                .map(rules -> new RuleList(rules.stream().map(RuleResponse::of).toList(), rules.size()));
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Create an IP access rule at a scope")
    @APIResponseSchema(
            value = RuleResponse.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> create(@PathParam("scopeId") UUID scopeId, RuleRequest request, @Context UriInfo uri) {
        return service.create(scope(scopeId), requests.newRule(request), caller.subject())
                .map(rule -> ETags.created(uri, rule.id(), rule.version(), RuleResponse.of(rule)));
    }

    @POST
    @Path("bulk")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Import many IP access rules at a scope in one transaction")
    public Uni<BulkResponse> bulk(@PathParam("scopeId") UUID scopeId, BulkRequest request) {
        return bulkImport.importRules(scope(scopeId), requests.bulkImport(request), caller.subject());
    }

    @GET
    @Path("{ruleId}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Read one IP access rule; its version is the ETag")
    @APIResponseSchema(
            value = RuleResponse.class,
            responseCode = "200",
            responseDescription = "OK; ETag is its version")
    public Uni<Response> get(@PathParam("scopeId") UUID scopeId, @PathParam("ruleId") UUID ruleId) {
        return service.get(scope(scopeId), ruleId).map(rule -> ETags.ok(rule.version(), RuleResponse.of(rule)));
    }

    @PUT
    @Path("{ruleId}")
    @RolesAllowed(Roles.WRITE)
    @Operation(
            summary = "Update an IP access rule; absent fields keep their value; If-Match guards against lost updates")
    @APIResponseSchema(
            value = RuleResponse.class,
            responseCode = "200",
            responseDescription = "OK; ETag is its version")
    public Uni<Response> update(
            @PathParam("scopeId") UUID scopeId,
            @PathParam("ruleId") UUID ruleId,
            @HeaderParam("If-Match") String ifMatch,
            RuleRequest request) {
        Long expected = version(ifMatch);
        return service.update(scope(scopeId), ruleId, requests.change(request), expected, caller.subject())
                .map(rule -> ETags.ok(rule.version(), RuleResponse.of(rule)));
    }

    @DELETE
    @Path("{ruleId}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Delete an IP access rule")
    public Uni<Response> delete(
            @PathParam("scopeId") UUID scopeId,
            @PathParam("ruleId") UUID ruleId,
            @HeaderParam("If-Match") String ifMatch) {
        return service.delete(scope(scopeId), ruleId, version(ifMatch), caller.subject())
                .map(done -> Response.noContent().build());
    }

    private ScopeRef scope(UUID scopeId) {
        UUID orgId = caller.orgId();
        return new ScopeRef(orgId, scope, scope == Scope.ORG ? orgId : scopeId);
    }

    static Long version(String ifMatch) {
        return ETags.version(ifMatch, "rule");
    }
}
