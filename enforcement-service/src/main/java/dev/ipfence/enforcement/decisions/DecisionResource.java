package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.enforcement.common.SharedToken;
import dev.ipfence.enforcement.decisions.DecisionApi.BatchRequest;
import dev.ipfence.enforcement.decisions.DecisionApi.BatchResponse;
import dev.ipfence.enforcement.decisions.DecisionApi.DecisionRequest;
import dev.ipfence.enforcement.decisions.DecisionApi.DecisionResponse;
import dev.ipfence.enforcement.decisions.DecisionApi.ExplainResponse;
import dev.ipfence.web.Caller;
import dev.ipfence.web.ProblemException;
import dev.ipfence.web.Roles;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;

/**
 * {@code POST /v1/decisions} and {@code POST /v1/decisions:batch}: the decision for a client
 * address in an environment. For proxies and tools inside the cluster; see the README for how the
 * endpoints are protected. The shared token is checked by {@link
 * dev.ipfence.enforcement.common.SharedTokenFilter} before either runs: the methods name its header
 * only to declare it in the API document.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(
        responseCode = "401",
        description = "No or another shared token; explain=true without a valid bearer token or API key")
@APIResponse(responseCode = "403", description = "explain=true without ip-access:read")
@APIResponse(responseCode = "404", description = "explain=true for an environment of another organization")
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
    @APIResponseSchema(value = DecisionResponse.class, responseCode = "200", responseDescription = "OK")
    @Operation(
            operationId = "decide",
            summary = "Allow or deny one client address in an environment; explain=true (bearer token of the"
                    + " environment's organization with ip-access:read) lists the rules involved")
    public Uni<DecisionResponse> decide(
            DecisionRequest request,
            @QueryParam("explain") boolean explain,
            @HeaderParam(SharedToken.HEADER) @Parameter(description = SharedToken.DESCRIPTION) String sharedToken) {
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
    @APIResponseSchema(value = BatchResponse.class, responseCode = "200", responseDescription = "OK")
    @Operation(
            operationId = "decideBatch",
            summary = "Up to 1,000 decisions in one call (100 with explain=true), answered in order")
    public Uni<BatchResponse> batch(
            BatchRequest request,
            @QueryParam("explain") boolean explain,
            @HeaderParam(SharedToken.HEADER) @Parameter(description = SharedToken.DESCRIPTION) String sharedToken) {
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
        List<CheckedRequest> checked = CheckedRequest.checkAll(requests, batch);
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
                        UUID environmentId =
                                request == null ? null : CheckedRequest.uuidOrNull(request.environmentId());
                        if (environmentId != null && (caller == null || !caller.equals(service.orgOf(environmentId)))) {
                            throw ProblemException.notFound("environment " + environmentId);
                        }
                    }
                })
                .replaceWithVoid();
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
                explanation = ExplainResponse.of(found, explainRulesMax);
            }
        }
        return DecisionResponse.of(decision, explanation);
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
