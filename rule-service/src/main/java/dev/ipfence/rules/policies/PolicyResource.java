package dev.ipfence.rules.policies;

import dev.ipfence.rules.common.ETags;
import dev.ipfence.rules.policies.PolicyApi.PolicyRequest;
import dev.ipfence.rules.policies.PolicyApi.PolicyResponse;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/** The access policies of seed 004: who may reach which resources, and how (docs/access-model.md). */
@Path("/api/tenants/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyService service;
    private final Caller caller;

    public PolicyResource(PolicyService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "List the organization's policies, oldest first")
    public Uni<List<PolicyResponse>> list() {
        return service.list(caller.orgId())
                .map(policies -> policies.stream().map(PolicyResponse::of).toList());
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Create a policy")
    @APIResponseSchema(
            value = PolicyResponse.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> create(PolicyRequest request, @Context UriInfo uri) {
        return service.create(caller.orgId(), request, caller.subject())
                .map(policy -> ETags.created(uri, policy.id(), policy.version(), PolicyResponse.of(policy)));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Read one policy; its version is the ETag")
    @APIResponseSchema(
            value = PolicyResponse.class,
            responseCode = "200",
            responseDescription = "OK; ETag is its version")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return service.get(caller.orgId(), id).map(policy -> ETags.ok(policy.version(), PolicyResponse.of(policy)));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Replace a policy; If-Match guards against lost updates")
    @APIResponseSchema(
            value = PolicyResponse.class,
            responseCode = "200",
            responseDescription = "OK; ETag is its version")
    public Uni<Response> update(
            @PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, PolicyRequest request) {
        return service.update(caller.orgId(), id, request, ETags.version(ifMatch, PolicyService.WHAT), caller.subject())
                .map(policy -> ETags.ok(policy.version(), PolicyResponse.of(policy)));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Delete a policy")
    public Uni<Response> delete(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return service.delete(caller.orgId(), id, ETags.version(ifMatch, PolicyService.WHAT), caller.subject())
                .map(done -> Response.noContent().build());
    }
}
