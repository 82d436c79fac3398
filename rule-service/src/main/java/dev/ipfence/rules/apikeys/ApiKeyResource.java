package dev.ipfence.rules.apikeys;

import dev.ipfence.rules.apikeys.ApiKeyApi.ApiKeyList;
import dev.ipfence.rules.apikeys.ApiKeyApi.ApiKeyResponse;
import dev.ipfence.rules.apikeys.ApiKeyApi.CreateRequest;
import dev.ipfence.rules.apikeys.ApiKeyApi.CreatedApiKey;
import dev.ipfence.web.Caller;
import dev.ipfence.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * The organization's API keys: an {@code apikey: <secret>} header authenticates like a bearer
 * token, with the key's roles, in every service.
 */
@Path("/api/tenants/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeyService service;
    private final Caller caller;

    public ApiKeyResource(ApiKeyService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Create an API key with roles the caller holds; the answer shows its secret, once")
    @APIResponseSchema(
            value = CreatedApiKey.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> create(
            @Valid @NotNull(message = "a JSON body with name and roles is required") CreateRequest request,
            @Context UriInfo uri) {
        return service.create(caller.orgId(), caller.roles(), request, caller.subject())
                .map(created -> Response.created(uri.getAbsolutePathBuilder()
                                .path(created.key().id.toString())
                                .build())
                        .entity(CreatedApiKey.of(created.key(), created.secret()))
                        .build());
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "List the organization's API keys, revoked ones included (never their secrets)")
    public Uni<ApiKeyList> list() {
        return service.list(caller.orgId())
                .map(keys ->
                        new ApiKeyList(keys.stream().map(ApiKeyResponse::of).toList(), keys.size()));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "One API key (never its secret)")
    public Uni<ApiKeyResponse> get(@PathParam("id") UUID id) {
        return service.get(caller.orgId(), id).map(ApiKeyResponse::of);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Revoke an API key: it stops working at once (idempotent)")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return service.revoke(caller.orgId(), id, caller.subject())
                .map(done -> Response.noContent().build());
    }
}
