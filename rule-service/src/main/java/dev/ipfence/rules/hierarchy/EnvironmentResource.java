package dev.ipfence.rules.hierarchy;

import dev.ipfence.rules.hierarchy.HierarchyApi.EnvironmentResponse;
import dev.ipfence.rules.hierarchy.HierarchyApi.NameRequest;
import dev.ipfence.web.Caller;
import dev.ipfence.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/environments/{envId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnvironmentResource {

    private final HierarchyService service;
    private final Caller caller;

    public EnvironmentResource(HierarchyService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    public Uni<EnvironmentResponse> get(@PathParam("envId") UUID envId) {
        return service.getEnvironment(caller.orgId(), envId).map(EnvironmentResponse::of);
    }

    @PATCH
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Rename an environment")
    public Uni<EnvironmentResponse> rename(
            @PathParam("envId") UUID envId,
            @Valid @NotNull(message = "a JSON body with name is required") NameRequest request) {
        return service.renameEnvironment(caller.orgId(), envId, request.name(), caller.subject())
                .map(EnvironmentResponse::of);
    }

    @DELETE
    @RolesAllowed(Roles.WRITE)
    @APIResponse(responseCode = "409", description = "The environment still holds rules and cascade is not true")
    @Operation(summary = "Delete an environment; 409 while it holds rules unless cascade=true")
    public Uni<Response> delete(@PathParam("envId") UUID envId, @QueryParam("cascade") boolean cascade) {
        return service.deleteEnvironment(caller.orgId(), envId, cascade, caller.subject())
                .map(done -> Response.noContent().build());
    }
}
