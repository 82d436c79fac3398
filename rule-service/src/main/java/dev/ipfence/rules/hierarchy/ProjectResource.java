package dev.ipfence.rules.hierarchy;

import dev.ipfence.rules.hierarchy.HierarchyApi.EnvironmentList;
import dev.ipfence.rules.hierarchy.HierarchyApi.EnvironmentResponse;
import dev.ipfence.rules.hierarchy.HierarchyApi.NameRequest;
import dev.ipfence.rules.hierarchy.HierarchyApi.ProjectList;
import dev.ipfence.rules.hierarchy.HierarchyApi.ProjectResponse;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

@Path("/api/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectResource {

    private final HierarchyService service;
    private final Caller caller;

    public ProjectResource(HierarchyService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Create a project in the caller's organization")
    @APIResponseSchema(
            value = ProjectResponse.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> create(
            @Valid @NotNull(message = "a JSON body with name is required") NameRequest request, @Context UriInfo uri) {
        return service.createProject(caller.orgId(), request.name(), caller.subject())
                .map(p -> Response.created(uri.getAbsolutePathBuilder()
                                .path(p.id().toString())
                                .build())
                        .entity(ProjectResponse.of(p))
                        .build());
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "List the organization's projects")
    public Uni<ProjectList> list() {
        return service.listProjects(caller.orgId())
                .map(projects -> new ProjectList(
                        projects.stream().map(ProjectResponse::of).toList(), projects.size()));
    }

    @GET
    @Path("{projectId}")
    @RolesAllowed(Roles.READ)
    public Uni<ProjectResponse> get(@PathParam("projectId") UUID projectId) {
        return service.getProject(caller.orgId(), projectId).map(ProjectResponse::of);
    }

    @PATCH
    @Path("{projectId}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Rename a project")
    public Uni<ProjectResponse> rename(
            @PathParam("projectId") UUID projectId,
            @Valid @NotNull(message = "a JSON body with name is required") NameRequest request) {
        return service.renameProject(caller.orgId(), projectId, request.name(), caller.subject())
                .map(ProjectResponse::of);
    }

    @DELETE
    @Path("{projectId}")
    @RolesAllowed(Roles.WRITE)
    @APIResponse(
            responseCode = "409",
            description = "The project or its environments still hold rules and cascade is not true")
    @Operation(summary = "Delete a project and its environments; 409 while they hold rules unless cascade=true")
    public Uni<Response> delete(@PathParam("projectId") UUID projectId, @QueryParam("cascade") boolean cascade) {
        return service.deleteProject(caller.orgId(), projectId, cascade, caller.subject())
                .map(done -> Response.noContent().build());
    }

    @POST
    @Path("{projectId}/environments")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Create an environment in a project")
    @APIResponseSchema(
            value = EnvironmentResponse.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> createEnvironment(
            @PathParam("projectId") UUID projectId,
            @Valid @NotNull(message = "a JSON body with name is required") NameRequest request) {
        return service.createEnvironment(caller.orgId(), projectId, request.name(), caller.subject())
                .map(e -> Response.created(URI.create("/api/environments/" + e.id()))
                        .entity(EnvironmentResponse.of(e))
                        .build());
    }

    @GET
    @Path("{projectId}/environments")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "List a project's environments")
    public Uni<EnvironmentList> listEnvironments(@PathParam("projectId") UUID projectId) {
        return service.listEnvironments(caller.orgId(), projectId)
                .map(envs -> new EnvironmentList(
                        envs.stream().map(EnvironmentResponse::of).toList(), envs.size()));
    }
}
