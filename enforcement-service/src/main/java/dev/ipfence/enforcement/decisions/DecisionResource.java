package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.core.policy.Identity;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.core.policy.JsonValues;
import dev.ipfence.core.policy.ResourceRef;
import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.enforcement.common.SharedToken;
import dev.ipfence.enforcement.decisions.DecisionApi.BatchRequest;
import dev.ipfence.enforcement.decisions.DecisionApi.BatchResponse;
import dev.ipfence.enforcement.decisions.DecisionApi.DecisionRequest;
import dev.ipfence.enforcement.decisions.DecisionApi.DecisionResponse;
import dev.ipfence.enforcement.decisions.DecisionApi.ExplainResponse;
import dev.ipfence.enforcement.decisions.DecisionApi.PolicyView;
import dev.ipfence.enforcement.decisions.DecisionApi.RuleView;
import dev.ipfence.web.Caller;
import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.ProblemException;
import dev.ipfence.web.Roles;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * {@code POST /v1/decisions} and {@code POST /v1/decisions:batch}: the decision for a client
 * address in an environment. For proxies and tools inside the cluster; see the README for how the
 * endpoints are protected.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService service;
    private final CurrentIdentityAssociation identities;
    private final int batchMax;
    private final int explainBatchMax;
    private final int explainRulesMax;

    public DecisionResource(DecisionService service, CurrentIdentityAssociation identities, EnforcementConfig config) {
        this.service = service;
        this.identities = identities;
        this.batchMax = config.batchMaxRequests();
        this.explainBatchMax = config.explainBatchMaxRequests();
        this.explainRulesMax = config.explainRulesMax();
    }

    @POST
    @Path("decisions")
    @NonBlocking
    @Parameter(
            name = SharedToken.HEADER,
            in = ParameterIn.HEADER,
            description = SharedToken.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(
            responseCode = "401",
            description = "No or another shared token; explain=true without a valid bearer token or API key")
    @APIResponse(responseCode = "403", description = "explain=true without ip-access:read")
    @APIResponse(responseCode = "404", description = "explain=true for an environment of another organization")
    @APIResponseSchema(value = DecisionResponse.class, responseCode = "200", responseDescription = "OK")
    @Operation(
            operationId = "decide",
            summary = "Allow or deny one client address in an environment; explain=true (bearer token of the"
                    + " environment's organization with ip-access:read) lists the rules involved")
    public Uni<DecisionResponse> decide(DecisionRequest request, @QueryParam("explain") boolean explain) {
        service.requireReady();
        if (!explain) {
            return Uni.createFrom()
                    .item(decideAll(List.of(request), false, false).get(0));
        }
        return authorizeExplain(List.of(request))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(ignored -> decideAll(List.of(request), false, true).get(0));
    }

    @POST
    @Path("decisions:batch")
    @NonBlocking
    @Parameter(
            name = SharedToken.HEADER,
            in = ParameterIn.HEADER,
            description = SharedToken.DESCRIPTION,
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(
            responseCode = "401",
            description = "No or another shared token; explain=true without a valid bearer token or API key")
    @APIResponse(responseCode = "403", description = "explain=true without ip-access:read")
    @APIResponse(responseCode = "404", description = "explain=true for an environment of another organization")
    @APIResponseSchema(value = BatchResponse.class, responseCode = "200", responseDescription = "OK")
    @Operation(
            operationId = "decideBatch",
            summary = "Up to 1,000 decisions in one call (100 with explain=true), answered in order")
    public Uni<BatchResponse> batch(BatchRequest request, @QueryParam("explain") boolean explain) {
        service.requireReady();
        if (request == null || request.requests() == null) {
            throw ProblemException.badRequest("requests", "is required: an array of decision requests");
        }
        int max = explain ? explainBatchMax : batchMax;
        if (request.requests().size() > max) {
            throw ProblemException.badRequest(
                    "requests",
                    "at most " + max + " per batch" + (explain ? " with explain=true" : "") + ", got "
                            + request.requests().size());
        }
        if (!explain) {
            return Uni.createFrom().item(new BatchResponse(decideAll(request.requests(), true, false)));
        }
        // explanations walk every rule of a chain: never on the event loop
        return authorizeExplain(request.requests())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(ignored -> new BatchResponse(decideAll(request.requests(), true, true)));
    }

    /**
     * Decides every request, or refuses them all (400) naming every bad field. Every request is
     * checked before any is decided, so a refused batch has recorded no decision (no metric, no
     * blocked attempt).
     */
    private List<DecisionResponse> decideAll(List<DecisionRequest> requests, boolean batch, boolean explain) {
        List<FieldError> errors = new ArrayList<>();
        List<CheckedRequest> checked = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            checked.add(check(requests.get(i), batch ? "requests[" + i + "]." : "", errors));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Response.Status.BAD_REQUEST,
                    batch ? "The batch is invalid; nothing was decided." : "The decision request is invalid.",
                    errors);
        }
        List<DecisionResponse> responses = new ArrayList<>(checked.size());
        for (CheckedRequest request : checked) {
            responses.add(decide(request, explain));
        }
        return responses;
    }

    /**
     * An explanation shows rules: only to a bearer token or API key with {@code ip-access:read} of the
     * organization of every environment asked about; another organization's environment is 404,
     * as everywhere in the API, so ids cannot be probed.
     */
    private Uni<Void> authorizeExplain(List<DecisionRequest> requests) {
        return identities
                .getDeferredIdentity()
                .invoke(identity -> {
                    if (identity.isAnonymous()) {
                        throw new UnauthorizedException();
                    }
                    if (!identity.hasRole(Roles.READ)) {
                        throw Caller.forbidden("explain=true requires role " + Roles.READ + ".");
                    }
                    UUID caller = Caller.orgIdOrNull(identity);
                    for (DecisionRequest request : requests) {
                        UUID environmentId = request == null ? null : uuidOrNull(request.environmentId());
                        if (environmentId != null && (caller == null || !caller.equals(service.orgOf(environmentId)))) {
                            throw ProblemException.notFound("environment " + environmentId);
                        }
                    }
                })
                .replaceWithVoid();
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A request whose fields passed the checks: what {@link #decide(CheckedRequest, boolean)} needs. */
    private record CheckedRequest(DecisionRequest request, UUID environmentId, IdentityRequest identity) {}

    /** Checks one request's fields; adds what is wrong to {@code errors} and returns null then. */
    private static CheckedRequest check(DecisionRequest request, String prefix, List<FieldError> errors) {
        int before = errors.size();
        if (request == null) {
            errors.add(new FieldError(
                    prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "a decision request object is required"));
            return null;
        }
        UUID environmentId = null;
        if (request.environmentId() == null) {
            errors.add(new FieldError(prefix + "environmentId", "is required"));
        } else {
            try {
                environmentId = UUID.fromString(request.environmentId());
            } catch (IllegalArgumentException e) {
                errors.add(
                        new FieldError(prefix + "environmentId", "\"" + request.environmentId() + "\" is not a UUID"));
            }
        }
        if (request.trafficScope() != null) {
            RuleConstraints.checkTrafficScope(request.trafficScope())
                    .ifPresent(problem -> errors.add(new FieldError(prefix + "trafficScope", problem)));
        }
        IdentityRequest identity = identity(request, prefix, errors);
        return errors.size() > before ? null : new CheckedRequest(request, environmentId, identity);
    }

    private DecisionResponse decide(CheckedRequest checked, boolean explain) {
        DecisionRequest request = checked.request();
        UUID environmentId = checked.environmentId();
        IdentityRequest identity = checked.identity();
        var info = new DecisionService.RequestInfo(request.method(), request.path(), request.target());
        IpAddress client = parseOrNull(request.ip());
        Decision decision = client == null
                ? service.badClientIp(request.ip(), environmentId, request.trafficScope(), info)
                : service.decide(client, request.ip(), environmentId, request.trafficScope(), info, identity);
        ExplainResponse explanation = null;
        if (explain && client != null) {
            var found = service.explain(client, environmentId, request.trafficScope(), identity);
            if (found != null) {
                explanation = new ExplainResponse(
                        found.allowListFrom() == null
                                ? null
                                : found.allowListFrom().wireName(),
                        found.takingPart().size(),
                        found.takingPart().stream()
                                .limit(explainRulesMax)
                                .map(RuleView::of)
                                .toList(),
                        found.matched().size(),
                        found.matched().stream()
                                .limit(explainRulesMax)
                                .map(RuleView::of)
                                .toList(),
                        found.policies() == null ? null : found.policies().size(),
                        found.policies() == null
                                ? null
                                : found.policies().stream()
                                        .limit(explainRulesMax)
                                        .map(PolicyView::of)
                                        .toList());
            }
        }
        return DecisionResponse.of(decision, explanation);
    }

    /**
     * The identity part of a request, checked against the limits; null when the request carries no
     * identity (then {@code resource} and {@code gateway} are checked, and ignored).
     */
    private static IdentityRequest identity(DecisionRequest request, String prefix, List<FieldError> errors) {
        int before = errors.size();
        Identity.User user = null;
        Identity.Device device = null;
        if (request.identity() != null) {
            var body = request.identity();
            if (body.user() != null) {
                var u = body.user();
                user = IdentityLimits.user(
                        u.id(),
                        u.email(),
                        u.groups(),
                        u.department(),
                        u.attributes(),
                        prefix + "identity.user.",
                        errors);
            }
            if (body.device() != null) {
                var d = body.device();
                IdentityLimits.checkString(d.id(), prefix + "identity.device.id", errors);
                IdentityLimits.checkAttributes(d.attributes(), prefix + "identity.device.attributes", 0, errors);
                if (errors.size() == before) {
                    device = new Identity.Device(d.id(), JsonValues.attributes(d.attributes()));
                }
            }
        }
        ResourceRef resource = null;
        if (request.resource() != null) {
            IdentityLimits.checkString(request.resource().id(), prefix + "resource.id", errors);
            IdentityLimits.checkResourceType(request.resource().type(), prefix + "resource.type", errors);
            resource =
                    new ResourceRef(request.resource().id(), request.resource().type());
        }
        IdentityLimits.checkString(request.gateway(), prefix + "gateway", errors);
        if ((request.identity() == null && resource == null) || errors.size() > before) {
            return null;
        }
        // a resource without an identity is anonymous: the policies covering it still decide
        return new IdentityRequest(
                new Identity(user, device), resource, request.gateway(), request.method(), request.path());
    }

    private static IpAddress parseOrNull(String ip) {
        if (ip == null) {
            return null;
        }
        try {
            return Addresses.parseAddress(ip);
        } catch (AddressException e) {
            return null;
        }
    }
}
