package dev.ipfence.rules.addresses;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Scope;
import dev.ipfence.rules.addresses.AddressApi.AddressPolicy;
import dev.ipfence.rules.addresses.AddressApi.AddressRequest;
import dev.ipfence.rules.common.RulesConfig;
import dev.ipfence.rules.common.Views;
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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * IP address policies (seed 001): organization rules for all traffic, with a ttl. The same rules
 * as {@code /api/org/ip-access-rules}; a range rule or one limited to traffic scopes is not a policy.
 */
@Path("/api/addresses")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AddressResource {

    public static final String TOTAL_HEADER = "X-Total-Count";
    private static final Map<String, String> FIELD_NAMES = Map.of("cidr", "ipAddress", "action", "policy");

    private final RuleService rules;
    private final RuleRequests requests;
    private final AddressRepository addresses;
    private final Caller caller;
    private final RulesConfig config;
    private final Clock clock;

    public AddressResource(
            RuleService rules,
            RuleRequests requests,
            AddressRepository addresses,
            Caller caller,
            RulesConfig config,
            Clock clock) {
        this.rules = rules;
        this.requests = requests;
        this.addresses = addresses;
        this.caller = caller;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "List IP address policies; the total count is in the X-Total-Count header")
    @APIResponse(
            responseCode = "200",
            description = "OK; X-Total-Count is how many match",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = AddressPolicy.class)),
            headers = @Header(name = "X-Total-Count", schema = @Schema(type = SchemaType.INTEGER)))
    @Parameters({
        @Parameter(
                name = "limit",
                in = ParameterIn.QUERY,
                description = "At most this many (1 to 1000, default 10)",
                schema = @Schema(type = SchemaType.INTEGER)),
        @Parameter(
                name = "offset",
                in = ParameterIn.QUERY,
                description = "Skip this many (default 0)",
                schema = @Schema(type = SchemaType.INTEGER)),
        @Parameter(
                name = "sort_by",
                in = ParameterIn.QUERY,
                description = "ip, createTime (default), expireTime, policy, ttl or updateTime",
                schema = @Schema(type = SchemaType.STRING)),
        @Parameter(
                name = "sort_order",
                in = ParameterIn.QUERY,
                description = "asc or desc (default)",
                schema = @Schema(type = SchemaType.STRING)),
        @Parameter(
                name = "filter[ip]",
                in = ParameterIn.QUERY,
                description = "An address or network: the policies whose network contains or lies in it",
                schema = @Schema(type = SchemaType.STRING)),
        @Parameter(
                name = "filter[policy]",
                in = ParameterIn.QUERY,
                description = "allow or deny",
                schema = @Schema(type = SchemaType.STRING)),
        @Parameter(
                name = "filter[ttl]",
                in = ParameterIn.QUERY,
                description = "The ttl in seconds; 0: the policies that never expire",
                schema = @Schema(type = SchemaType.INTEGER)),
        @Parameter(
                name = "filter[createTime]",
                in = ParameterIn.QUERY,
                description = "A day (2026-01-31) or a range from..to",
                schema = @Schema(type = SchemaType.STRING)),
        @Parameter(
                name = "filter[expireTime]",
                in = ParameterIn.QUERY,
                description = "A day (2026-01-31) or a range from..to",
                schema = @Schema(type = SchemaType.STRING)),
        @Parameter(
                name = "filter[updateTime]",
                in = ParameterIn.QUERY,
                description = "A day (2026-01-31) or a range from..to",
                schema = @Schema(type = SchemaType.STRING))
    })
    public Uni<Response> list(@Context UriInfo uri) {
        AddressQuery query = new AddressQuery(uri.getQueryParameters(), config.maxTtlSeconds());
        return addresses
                .list(caller.orgId(), query)
                .map(page -> Response.ok(page.rules().stream()
                                .map(rule -> AddressPolicy.of(rule, clock.instant()))
                                .toList())
                        .header(TOTAL_HEADER, page.total())
                        .build());
    }

    @GET
    @Path("{addressId}")
    @RolesAllowed(Roles.READ)
    public Uni<AddressPolicy> get(@PathParam("addressId") UUID id) {
        return rules.get(org(), id).map(this::policy);
    }

    @POST
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Add an IP address policy")
    @APIResponseSchema(
            value = AddressPolicy.class,
            responseCode = "201",
            responseDescription = "Created; Location is its URL")
    public Uni<Response> create(AddressRequest request, @Context UriInfo uri) {
        require(request, true);
        return Views.withFieldNames(
                        FIELD_NAMES,
                        () -> rules.create(org(), requests.newRule(toRule(request, request.ttl())), caller.subject()))
                .map(rule -> Response.created(uri.getAbsolutePathBuilder()
                                .path(rule.id().toString())
                                .build())
                        .entity(policy(rule))
                        .build());
    }

    @PUT
    @Path("{addressId}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Replace an IP address policy (an absent ttl means it never expires)")
    public Uni<AddressPolicy> replace(@PathParam("addressId") UUID id, AddressRequest request) {
        require(request, true);
        return update(id, toRule(request, request.ttl() == null ? BigDecimal.ZERO : request.ttl()));
    }

    @PATCH
    @Path("{addressId}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Change some fields of an IP address policy; a ttl restarts the clock")
    public Uni<AddressPolicy> patch(@PathParam("addressId") UUID id, AddressRequest request) {
        require(request, false);
        return update(id, toRule(request, request.ttl()));
    }

    @DELETE
    @Path("{addressId}")
    @RolesAllowed(Roles.WRITE)
    public Uni<Response> delete(@PathParam("addressId") UUID id) {
        return rules.get(org(), id)
                .map(this::policy)
                .flatMap(policy -> rules.delete(org(), id, null, caller.subject()))
                .map(done -> Response.noContent().build());
    }

    private Uni<AddressPolicy> update(UUID id, RuleRequest request) {
        return rules.get(org(), id)
                .map(this::policy)
                .flatMap(existing -> Views.withFieldNames(
                        FIELD_NAMES, () -> rules.update(org(), id, requests.change(request), null, caller.subject())))
                .map(this::policy);
    }

    private ScopeRef org() {
        UUID orgId = caller.orgId();
        return new ScopeRef(orgId, Scope.ORG, orgId);
    }

    /** The policy view of a rule, or 404 when the rule is not an address policy. */
    private AddressPolicy policy(RuleState rule) {
        if (rule.cidr() == null || !rule.trafficScopes().isEmpty()) {
            throw ProblemException.notFound("IP address policy");
        }
        return AddressPolicy.of(rule, clock.instant());
    }

    private static RuleRequest toRule(AddressRequest request, BigDecimal ttl) {
        return new RuleRequest(request.ipAddress(), null, request.policy(), List.of(), null, null, null, ttl);
    }

    private static void require(AddressRequest request, boolean whole) {
        if (request == null) {
            throw ProblemException.badRequest("body", "a JSON object with ipAddress and policy is required");
        }
        if (whole && request.ipAddress() == null) {
            throw ProblemException.badRequest("ipAddress", "is required");
        }
        if (whole && request.policy() == null) {
            throw ProblemException.badRequest("policy", "is required: allow or deny");
        }
    }
}
