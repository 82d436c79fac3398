package dev.ipfence.rules.groups;

import dev.ipfence.rules.common.ETags;
import dev.ipfence.rules.groups.PolicyGroupApi.PolicyGroupRequest;
import dev.ipfence.rules.groups.PolicyGroupApi.PolicyGroupResponse;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** The policy groups of seed 004: whom a policy is for, by IdP group name (docs/access-model.md). */
@Path("/api/tenants/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyGroupResource {

    private final PolicyGroupService service;
    private final Caller caller;

    public PolicyGroupResource(PolicyGroupService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "List the organization's policy groups, oldest first")
    public Uni<List<PolicyGroupResponse>> list() {
        return service.list(caller.orgId())
                .map(groups -> groups.stream().map(PolicyGroupResponse::of).toList());
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Create a policy group")
    @APIResponseSchema(
            value = PolicyGroupResponse.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> create(PolicyGroupRequest request, @Context UriInfo uri) {
        return service.create(caller.orgId(), request, caller.subject())
                .map(group -> ETags.created(uri, group.id(), group.version(), PolicyGroupResponse.of(group)));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Read one policy group; its version is the ETag")
    @APIResponseSchema(
            value = PolicyGroupResponse.class,
            responseCode = "200",
            responseDescription = "OK; ETag is its version")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return service.get(caller.orgId(), id).map(group -> ETags.ok(group.version(), PolicyGroupResponse.of(group)));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Replace a policy group; If-Match guards against lost updates")
    @APIResponseSchema(
            value = PolicyGroupResponse.class,
            responseCode = "200",
            responseDescription = "OK; ETag is its version")
    public Uni<Response> update(
            @PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, PolicyGroupRequest request) {
        return service.update(
                        caller.orgId(), id, request, ETags.version(ifMatch, PolicyGroupService.WHAT), caller.subject())
                .map(group -> ETags.ok(group.version(), PolicyGroupResponse.of(group)));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @APIResponse(responseCode = "409", description = "A policy still uses the group (type in-use, usedBy names them)")
    @Operation(summary = "Delete a policy group no policy uses")
    public Uni<Response> delete(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return service.delete(caller.orgId(), id, ETags.version(ifMatch, PolicyGroupService.WHAT), caller.subject())
                .map(done -> Response.noContent().build());
    }
}
