package dev.ipfence.rules.admission;

import dev.ipfence.rules.admission.AdmissionRuleApi.AdmissionRuleRequest;
import dev.ipfence.rules.admission.AdmissionRuleApi.AdmissionRuleResponse;
import dev.ipfence.rules.common.ETags;
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

/** The admission rules of seed 003: CEL conditions that policies refer to (docs/access-model.md). */
@Path("/api/tenants/admission-rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdmissionRuleResource {

    private final AdmissionRuleService service;
    private final Caller caller;

    public AdmissionRuleResource(AdmissionRuleService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "List the organization's admission rules, oldest first")
    public Uni<List<AdmissionRuleResponse>> list() {
        return service.list(caller.orgId())
                .map(rules -> rules.stream().map(AdmissionRuleResponse::of).toList());
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Create an admission rule")
    @APIResponseSchema(
            value = AdmissionRuleResponse.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> create(AdmissionRuleRequest request, @Context UriInfo uri) {
        return service.create(caller.orgId(), request, caller.subject())
                .map(rule -> ETags.created(uri, rule.id(), rule.version(), AdmissionRuleResponse.of(rule)));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Read one admission rule; its version is the ETag")
    @APIResponseSchema(
            value = AdmissionRuleResponse.class,
            responseCode = "200",
            responseDescription = "OK; ETag is its version")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return service.get(caller.orgId(), id).map(rule -> ETags.ok(rule.version(), AdmissionRuleResponse.of(rule)));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Replace an admission rule (type kept when absent); If-Match guards against lost updates")
    @APIResponseSchema(
            value = AdmissionRuleResponse.class,
            responseCode = "200",
            responseDescription = "OK; ETag is its version")
    public Uni<Response> update(
            @PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, AdmissionRuleRequest request) {
        return service.update(
                        caller.orgId(),
                        id,
                        request,
                        ETags.version(ifMatch, AdmissionRuleService.WHAT),
                        caller.subject())
                .map(rule -> ETags.ok(rule.version(), AdmissionRuleResponse.of(rule)));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @APIResponse(responseCode = "409", description = "A policy still uses the rule (type in-use, usedBy names them)")
    @Operation(summary = "Delete an admission rule no policy uses")
    public Uni<Response> delete(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return service.delete(caller.orgId(), id, ETags.version(ifMatch, AdmissionRuleService.WHAT), caller.subject())
                .map(done -> Response.noContent().build());
    }
}
