package dev.ipfence.enforcement.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.policy.Identity;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.core.policy.ResourceRef;
import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.enforcement.common.SharedToken;
import dev.ipfence.enforcement.state.RulesTopicConsumer;
import dev.ipfence.web.Problem;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code /v1/forward-auth}, any method: the sub-request of nginx {@code auth_request},
 * ingress-nginx {@code auth-url}, Traefik {@code ForwardAuth} and Envoy {@code ext_authz} (HTTP,
 * which sends the original request's method). 200 allows, 403 denies; the decision is in the
 * {@code X-Ipfence-*} response headers only when {@code forward-auth.decision-headers} is on,
 * because Envoy and Traefik hand a denial's headers to the blocked client. Served by a plain
 * Vert.x route on the event loop: it is called once per proxied request, so it skips the REST
 * layer; errors are the same problem+json as everywhere else.
 *
 * <p>A location that names its resource ({@code resourceId}, {@code resourceType}, {@code gateway})
 * and a request whose user {@link ForwardAuthIdentity} finds are decided with the organization's
 * policies, as a decision request with an identity; a resource without a user is anonymous.
 *
 * <p>It and the beans it calls per request are singletons: a normal-scoped bean's client proxy
 * costs a context lookup on every call.
 */
@Singleton
public class ForwardAuthRoute {

    public static final String PATH = "/v1/forward-auth";
    static final String DECISION = "X-Ipfence-Decision";
    static final String REASON = "X-Ipfence-Reason";
    static final String RULE = "X-Ipfence-Rule-Id";
    static final String CLIENT = "X-Ipfence-Client-Ip";
    static final String POLICY = "X-Ipfence-Policy-Id";

    private static final Logger LOG = Logger.getLogger(ForwardAuthRoute.class);

    private final DecisionService service;
    private final ClientAddresses clients;
    private final RulesTopicConsumer consumer;
    private final SharedToken token;
    private final ForwardAuthIdentity identities;
    private final ObjectMapper json;
    private final boolean decisionHeaders;
    private final ForwardAuthQueries queries = new ForwardAuthQueries();

    public ForwardAuthRoute(
            DecisionService service,
            ClientAddresses clients,
            RulesTopicConsumer consumer,
            SharedToken token,
            ForwardAuthIdentity identities,
            ObjectMapper json,
            EnforcementConfig config) {
        this.service = service;
        this.clients = clients;
        this.consumer = consumer;
        this.token = token;
        this.identities = identities;
        this.json = json;
        this.decisionHeaders = config.forwardAuth().decisionHeaders();
    }

    void install(@Observes Router router) {
        // every method: Envoy's ext_authz asks with the original request's (POST, DELETE, ...)
        router.route(PATH).order(-1000).handler(context -> handle(context.request()));
    }

    /** Answers one forward-auth request: from the main port's router, or from {@link ForwardAuthListener}. */
    void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
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
        List<Problem.FieldError> errors = new ArrayList<>();
        ForwardAuthQuery query = queries.read(request.query(), request::getParam, errors);
        if (query == null) {
            problem(response, Problem.validation("The request is invalid.", PATH, errors));
            return;
        }
        UUID environment = query.environment();
        String trafficScope = query.trafficScope();
        String peer =
                request.remoteAddress() == null ? null : request.remoteAddress().host();
        List<String> forwardedFor = request.headers().getAll("X-Forwarded-For");
        var info = new DecisionService.RequestInfo(
                request.getHeader("X-Forwarded-Method"),
                firstOf(request.getHeader("X-Forwarded-Uri"), request.getHeader("X-Original-URI")),
                request.getHeader("X-Forwarded-Host"));
        ClientAddresses.Client client = clients.resolve(peer, forwardedFor);
        if (client.address() == null) {
            // no client: a DENY whoever the user is
            Decision decision = client.failure() == Decision.Reason.MISSING_CLIENT_IP
                    ? service.missingClientIp(raw(forwardedFor), environment, trafficScope, info)
                    : service.badClientIp(raw(forwardedFor), environment, trafficScope, info);
            response.setStatusCode(answer(response.headers(), decision, null, decisionHeaders))
                    .end();
            return;
        }
        var target = new Target(client.address(), query, info);
        String bearer = ForwardAuthIdentity.bearer(request.getHeader("Authorization"));
        if (bearer == null) {
            decideAndEnd(response, target, identities.fromHeaders(request.headers(), peer, false));
            return;
        }
        // verifying a token may wait for the issuer's keys: chained, never blocking the event loop
        identities
                .fromBearer(bearer, service.orgOf(environment))
                .subscribe()
                .with(
                        user -> decideAndEnd(
                                response,
                                target,
                                user != null ? user : identities.fromHeaders(request.headers(), peer, true)),
                        failure -> decideAndEnd(response, target, null));
    }

    /** What is decided besides the user: the client, where, and the resource. */
    private record Target(IpAddress client, ForwardAuthQuery query, DecisionService.RequestInfo info) {}

    /**
     * Decides for {@code user} (null: anonymous) and ends the response. With neither a user nor a
     * resource, the IP decision alone; a resource without a user is anonymous, and the policies
     * covering it still decide.
     */
    private void decideAndEnd(HttpServerResponse response, Target target, Identity.User user) {
        if (response.ended() || response.closed()) {
            return;
        }
        try {
            ForwardAuthQuery query = target.query();
            IdentityRequest identity = user == null && query.resourceId() == null
                    ? null
                    : new IdentityRequest(
                            new Identity(user, null),
                            new ResourceRef(query.resourceId(), query.resourceType()),
                            query.gateway(),
                            target.info().method(),
                            target.info().path());
            Decision decision = service.decide(
                    target.client(), null, query.environment(), query.trafficScope(), target.info(), identity);
            response.setStatusCode(answer(response.headers(), decision, target.client(), decisionHeaders))
                    .end();
        } catch (RuntimeException e) {
            LOG.error("forward-auth: no decision", e);
            problem(response, Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "No decision could be made.", PATH));
        }
    }

    /**
     * The status of the answer (200 allows, 403 denies), and its {@code X-Ipfence-*} headers put into
     * {@code headers} when {@code decisionHeaders}; {@code client} null when there is none.
     */
    static int answer(MultiMap headers, Decision decision, IpAddress client, boolean decisionHeaders) {
        if (decisionHeaders) {
            headers.set(DECISION, decision.action().name())
                    .set(REASON, decision.reason().name());
            if (decision.ruleId() != null) {
                headers.set(RULE, decision.ruleId().toString());
            }
            if (decision.policyId() != null) {
                headers.set(POLICY, decision.policyId().toString());
            }
            if (client != null) {
                headers.set(CLIENT, client.toString());
            }
        }
        return decision.action() == Action.ALLOW ? 200 : 403;
    }

    /** The forwarded addresses as sent, for the blocked-attempt record of a request without a client. */
    private static String raw(List<String> forwardedFor) {
        return forwardedFor == null || forwardedFor.isEmpty() ? null : String.join(",", forwardedFor);
    }

    void problem(HttpServerResponse response, Problem problem) {
        try {
            response.setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}
