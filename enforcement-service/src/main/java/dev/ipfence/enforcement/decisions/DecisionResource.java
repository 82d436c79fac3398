package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.enforcement.decisions.DecisionApi.BatchRequest;
import dev.ipfence.enforcement.decisions.DecisionApi.BatchResponse;
import dev.ipfence.enforcement.decisions.DecisionApi.DecisionRequest;
import dev.ipfence.enforcement.decisions.DecisionApi.DecisionResponse;
import dev.ipfence.enforcement.decisions.DecisionApi.ExplainResponse;
import dev.ipfence.enforcement.decisions.DecisionApi.RuleView;
import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.ProblemException;
import io.smallrye.common.annotation.NonBlocking;
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
    private final int batchMax;

    public DecisionResource(DecisionService service, EnforcementConfig config) {
        this.service = service;
        this.batchMax = config.batchMaxRequests();
    }

    @POST
    @Path("decisions")
    @NonBlocking
    @Operation(summary = "Allow or deny one client address in an environment; explain=true lists the rules involved")
    public DecisionResponse decide(DecisionRequest request, @QueryParam("explain") boolean explain) {
        service.requireReady();
        List<FieldError> errors = new ArrayList<>();
        DecisionResponse response = decide(request, explain, "", errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "The decision request is invalid.", errors);
        }
        return response;
    }

    @POST
    @Path("decisions:batch")
    @NonBlocking
    @Operation(summary = "Up to 1,000 decisions in one call, answered in order")
    public BatchResponse batch(BatchRequest request, @QueryParam("explain") boolean explain) {
        service.requireReady();
        if (request == null || request.requests() == null) {
            throw ProblemException.badRequest("requests", "is required: an array of decision requests");
        }
        if (request.requests().size() > batchMax) {
            throw ProblemException.badRequest(
                    "requests",
                    "at most " + batchMax + " per batch, got "
                            + request.requests().size());
        }
        List<FieldError> errors = new ArrayList<>();
        List<DecisionResponse> responses = new ArrayList<>(request.requests().size());
        for (int i = 0; i < request.requests().size(); i++) {
            responses.add(decide(request.requests().get(i), explain, "requests[" + i + "].", errors));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Response.Status.BAD_REQUEST, "The batch is invalid; nothing was decided.", errors);
        }
        return new BatchResponse(responses);
    }

    private DecisionResponse decide(DecisionRequest request, boolean explain, String prefix, List<FieldError> errors) {
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
        if (!errors.isEmpty()) {
            return null;
        }
        var info = new DecisionService.RequestInfo(request.method(), request.path(), request.target());
        IpAddress client = parseOrNull(request.ip());
        Decision decision = client == null
                ? service.badClientIp(request.ip(), environmentId, request.trafficScope(), info)
                : service.decide(client, request.ip(), environmentId, request.trafficScope(), info);
        ExplainResponse explanation = null;
        if (explain && client != null) {
            var found = service.explain(client, environmentId, request.trafficScope());
            if (found != null) {
                explanation = new ExplainResponse(
                        found.allowListFrom() == null
                                ? null
                                : found.allowListFrom().wireName(),
                        found.takingPart().stream().map(RuleView::of).toList(),
                        found.matched().stream().map(RuleView::of).toList());
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
