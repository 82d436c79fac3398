package dev.ipfence.rules.iprules;

import dev.ipfence.rules.iprules.RuleApi.EffectiveRules;
import dev.ipfence.web.Caller;
import dev.ipfence.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/environments/{envId}/effective-ip-rules")
@Produces(MediaType.APPLICATION_JSON)
public class EffectiveRulesResource {

    private final EffectiveRulesService service;
    private final Caller caller;

    public EffectiveRulesResource(EffectiveRulesService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(
            operationId = "getEffectiveRules",
            summary = "The rules taking part in an environment's decisions, and where its allow list comes from")
    public Uni<EffectiveRules> effective(
            @PathParam("envId") UUID envId, @QueryParam("trafficScope") String trafficScope) {
        return service.effective(caller.orgId(), envId, trafficScope);
    }
}
