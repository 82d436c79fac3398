package dev.ipfence.enforcement.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.enforcement.common.SharedToken;
import dev.ipfence.enforcement.state.RulesTopicConsumer;
import dev.ipfence.web.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /v1/forward-auth}: the sub-request of nginx {@code auth_request}, ingress-nginx
 * {@code auth-url}, Traefik {@code ForwardAuth} and Envoy {@code ext_authz} (HTTP). 200 allows,
 * 403 denies; the decision is in the {@code X-Ipfence-*} response headers. Served by a plain
 * Vert.x route on the event loop: it is called once per proxied request, so it skips the REST
 * layer; errors are the same problem+json as everywhere else.
 */
@ApplicationScoped
public class ForwardAuthRoute {

    public static final String PATH = "/v1/forward-auth";
    static final String DECISION = "X-Ipfence-Decision";
    static final String REASON = "X-Ipfence-Reason";
    static final String RULE = "X-Ipfence-Rule-Id";
    static final String CLIENT = "X-Ipfence-Client-Ip";

    private final DecisionService service;
    private final ClientAddresses clients;
    private final RulesTopicConsumer consumer;
    private final SharedToken token;
    private final ObjectMapper json;

    public ForwardAuthRoute(
            DecisionService service,
            ClientAddresses clients,
            RulesTopicConsumer consumer,
            SharedToken token,
            ObjectMapper json) {
        this.service = service;
        this.clients = clients;
        this.consumer = consumer;
        this.token = token;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.get(PATH).order(-1000).handler(this::handle);
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        if (!token.accepts(request.getHeader(SharedToken.HEADER))) {
            problem(response, Problem.of(Response.Status.UNAUTHORIZED, SharedToken.missingDetail(), PATH));
            return;
        }
        if (!consumer.isReady()) {
            problem(
                    response,
                    Problem.of(
                            Response.Status.SERVICE_UNAVAILABLE,
                            "Rules are still being loaded; no decision is given yet.",
                            PATH));
            return;
        }
        String environmentId = request.getParam("environmentId");
        UUID environment = parseEnvironment(environmentId);
        if (environment == null) {
            problem(
                    response,
                    Problem.validation(
                            "The request is invalid.",
                            PATH,
                            List.of(new Problem.FieldError(
                                    "environmentId",
                                    environmentId == null
                                            ? "is required (query parameter)"
                                            : "\"" + environmentId + "\" is not a UUID"))));
            return;
        }
        String trafficScope = request.getParam("trafficScope");
        Optional<String> badScope =
                trafficScope == null ? Optional.empty() : RuleConstraints.checkTrafficScope(trafficScope);
        if (badScope.isPresent()) {
            problem(
                    response,
                    Problem.validation(
                            "The request is invalid.",
                            PATH,
                            List.of(new Problem.FieldError("trafficScope", badScope.get()))));
            return;
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
                ? service.badClientIp(String.join(",", forwardedFor), environment, trafficScope, info)
                : service.decide(client, null, environment, trafficScope, info);
        response.setStatusCode(decision.action() == Action.ALLOW ? 200 : 403)
                .putHeader(DECISION, decision.action().name())
                .putHeader(REASON, decision.reason().name());
        if (decision.ruleId() != null) {
            response.putHeader(RULE, decision.ruleId().toString());
        }
        if (client != null) {
            response.putHeader(CLIENT, client.toString());
        }
        response.end();
    }

    private void problem(HttpServerResponse response, Problem problem) {
        try {
            response.setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }

    private static UUID parseEnvironment(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}
