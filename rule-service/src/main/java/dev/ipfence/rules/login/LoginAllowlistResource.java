package dev.ipfence.rules.login;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.common.Views;
import dev.ipfence.rules.iprules.RuleApi.RangeBody;
import dev.ipfence.rules.iprules.RuleApi.RuleRequest;
import dev.ipfence.rules.iprules.RuleRequests;
import dev.ipfence.rules.iprules.RuleService;
import dev.ipfence.rules.iprules.ScopeRef;
import dev.ipfence.web.Caller;
import dev.ipfence.web.ProblemException;
import dev.ipfence.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * The login IP allowlist (seed 002): organization {@code allow} rules for the {@code login}
 * traffic scope, each an exact address range, matched exactly by enforcement-service.
 */
@Path("/api/global/loginIpAllowlists")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LoginAllowlistResource {

    public static final String TRAFFIC_SCOPE = "login";
    private static final Map<String, String> FIELD_NAMES =
            Map.of("range", "ipRangeFrom", "range.from", "ipRangeFrom", "range.to", "ipRangeTo");

    @Schema(
            requiredProperties = {"ipRangeFrom", "ipRangeTo", "id"},
            example =
                    "{\"ipRangeFrom\": \"192.168.0.1\", \"ipRangeTo\": \"192.168.0.100\", \"id\": \"e7893633-cea6-4d1b-be66-f65cb5dc1726\"}")
    public record LoginRange(String ipRangeFrom, String ipRangeTo, UUID id) {}

    @Schema(
            requiredProperties = {"ipRangeFrom", "ipRangeTo"},
            example = "{\"ipRangeFrom\": \"192.168.0.1\", \"ipRangeTo\": \"192.168.0.100\"}")
    public record LoginRangeRequest(String ipRangeFrom, String ipRangeTo) {}

    private final RuleService rules;
    private final RuleRequests requests;
    private final Caller caller;

    public LoginAllowlistResource(RuleService rules, RuleRequests requests, Caller caller) {
        this.rules = rules;
        this.requests = requests;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The login allowlist: a plain array of ranges")
    public Uni<List<LoginRange>> list() {
        return rules.listLoginRanges(caller.orgId(), TRAFFIC_SCOPE)
                .map(ranges -> ranges.stream().map(LoginAllowlistResource::view).toList());
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.READ)
    public Uni<LoginRange> get(@PathParam("id") UUID id) {
        return rules.get(org(), id).map(LoginAllowlistResource::loginRange);
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Allow logins from a range of addresses")
    @APIResponseSchema(
            value = LoginRange.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> create(LoginRangeRequest request, @Context UriInfo uri) {
        return Views.withFieldNames(
                        FIELD_NAMES, () -> rules.create(org(), requests.newRule(toRule(request)), caller.subject()))
                .map(rule -> Response.created(uri.getAbsolutePathBuilder()
                                .path(rule.id().toString())
                                .build())
                        .entity(view(rule))
                        .build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    public Uni<LoginRange> update(@PathParam("id") UUID id, LoginRangeRequest request) {
        return rules.get(org(), id)
                .map(LoginAllowlistResource::loginRange)
                .flatMap(existing -> Views.withFieldNames(
                        FIELD_NAMES,
                        () -> rules.update(org(), id, requests.change(toRule(request)), null, caller.subject())))
                .map(LoginAllowlistResource::view);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.WRITE)
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return rules.get(org(), id)
                .map(LoginAllowlistResource::loginRange)
                .flatMap(existing -> rules.delete(org(), id, null, caller.subject()))
                .map(done -> Response.noContent().build());
    }

    private ScopeRef org() {
        UUID orgId = caller.orgId();
        return new ScopeRef(orgId, Scope.ORG, orgId);
    }

    private static RuleRequest toRule(LoginRangeRequest request) {
        if (request == null || request.ipRangeFrom() == null) {
            throw ProblemException.badRequest("ipRangeFrom", "is required");
        }
        if (request.ipRangeTo() == null) {
            throw ProblemException.badRequest("ipRangeTo", "is required");
        }
        return new RuleRequest(
                null,
                new RangeBody(request.ipRangeFrom(), request.ipRangeTo()),
                "allow",
                List.of(TRAFFIC_SCOPE),
                true,
                null,
                null,
                null);
    }

    /** Whether a rule is a login range; {@code RuleRepository.listLoginRanges} selects the same in SQL. */
    static boolean isLoginRange(RuleState rule) {
        return rule.range() != null
                && rule.action().equals("allow")
                && rule.trafficScopes().equals(List.of(TRAFFIC_SCOPE));
    }

    private static LoginRange loginRange(RuleState rule) {
        if (!isLoginRange(rule)) {
            throw ProblemException.notFound("Login allowlist entry");
        }
        return view(rule);
    }

    private static LoginRange view(RuleState rule) {
        return new LoginRange(rule.range().from(), rule.range().to(), rule.id());
    }
}
