package dev.ipfence.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /api/me}: what this service understood of the bearer token or API key. Handy to check one. */
@Path("/api/me")
@RolesAllowed(Roles.READ)
public class CallerResource {

    private final Caller caller;

    public CallerResource(Caller caller) {
        this.caller = caller;
    }

    public record CallerResponse(String subject, UUID orgId, List<String> roles) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getCaller",
            summary = "The caller as this service sees it: subject, organization and roles")
    public CallerResponse me() {
        return new CallerResponse(
                caller.subject(),
                caller.orgId(),
                caller.roles().stream().sorted().toList());
    }
}
