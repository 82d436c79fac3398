package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.web.ProblemException;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /v1/forward-auth}: the sub-request of nginx {@code auth_request}, ingress-nginx
 * {@code auth-url}, Traefik {@code ForwardAuth} and Envoy {@code ext_authz} (HTTP). 200 allows,
 * 403 denies; the decision is in the {@code X-Ipfence-*} response headers.
 */
@Path("/v1/forward-auth")
public class ForwardAuthResource {

    static final String DECISION = "X-Ipfence-Decision";
    static final String REASON = "X-Ipfence-Reason";
    static final String RULE = "X-Ipfence-Rule-Id";
    static final String CLIENT = "X-Ipfence-Client-Ip";

    private final DecisionService service;
    private final ClientAddresses clients;

    public ForwardAuthResource(DecisionService service, ClientAddresses clients) {
        this.service = service;
        this.clients = clients;
    }

    @GET
    @NonBlocking
    @Operation(summary = "Forward-auth for proxies: 200 allow, 403 deny, decision in X-Ipfence-* headers")
    public Response check(
            @QueryParam("environmentId") String environmentId,
            @QueryParam("trafficScope") String trafficScope,
            @Context HttpServerRequest request) {
        service.requireReady();
        UUID env = environment(environmentId);
        if (trafficScope != null) {
            RuleConstraints.checkTrafficScope(trafficScope).ifPresent(problem -> {
                throw ProblemException.badRequest("trafficScope", problem);
            });
        }
        String peer =
                request.remoteAddress() == null ? null : request.remoteAddress().host();
        List<String> forwardedFor = request.headers().getAll("X-Forwarded-For");
        var info = new DecisionService.RequestInfo(
                request.getHeader("X-Forwarded-Method"),
                firstOf(request.getHeader("X-Forwarded-Uri"), request.getHeader("X-Original-URI")),
                request.getHeader("X-Forwarded-Host"));
        IpAddress client = clients.resolve(peer, forwardedFor);
        Decision decision = client == null
                ? service.decide(String.join(",", forwardedFor), env, trafficScope, info)
                : service.decide(client, null, env, trafficScope, info);
        Response.ResponseBuilder response = Response.status(decision.action() == Action.ALLOW ? 200 : 403)
                .header(DECISION, decision.action().name())
                .header(REASON, decision.reason().name());
        if (decision.ruleId() != null) {
            response.header(RULE, decision.ruleId().toString());
        }
        if (client != null) {
            response.header(CLIENT, client.toString());
        }
        return response.build();
    }

    private static UUID environment(String value) {
        if (value == null) {
            throw ProblemException.badRequest("environmentId", "is required (query parameter)");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("environmentId", "\"" + value + "\" is not a UUID");
        }
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}
