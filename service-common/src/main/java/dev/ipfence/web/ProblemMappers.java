package dev.ipfence.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.ipfence.web.apikeys.ApiKeyRejected;
import dev.ipfence.web.auth.ClaimMapping;
import dev.ipfence.web.auth.RejectionLog;
import dev.ipfence.web.auth.TokenRejection;
import dev.ipfence.web.provider.ProviderUnavailable;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to {@code application/problem+json}. Stack traces and class names never
 * reach a response; an unexpected failure is logged with an id that the response repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final RejectionLog rejections;
    private final ClaimMapping claims;
    private final SecurityIdentity identity;
    private final TokenRejection.Expected expected;

    public ProblemMappers(RejectionLog rejections, ClaimMapping claims, SecurityIdentity identity) {
        this.rejections = rejections;
        this.claims = claims;
        this.identity = identity;
        Config config = ConfigProvider.getConfig();
        this.expected = new TokenRejection.Expected(
                config.getOptionalValue("quarkus.oidc.token.issuer", String.class)
                        .filter(issuer -> !issuer.isBlank() && !"any".equals(issuer)),
                config.getOptionalValue("quarkus.oidc.token.audience", String.class)
                        .filter(audience -> !audience.isBlank() && !"any".equals(audience)));
    }

    /**
     * 401. No credentials: {@code WWW-Authenticate: Bearer} alone (RFC 6750 section 3.1). A bearer
     * token that failed a check: {@code error="invalid_token"} with the check in {@code
     * error_description} and, with the token's own values, in the problem's {@code detail}. An API
     * key refused: {@code WWW-Authenticate: apikey}. Every refusal of a credential is logged
     * ({@link RejectionLog}); the credential never is.
     */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(Exception e, UriInfo uri, HttpServerRequest request) {
        if (ProviderUnavailable.during(e, request.getHeader("apikey") != null)) {
            // the identity provider's keys could not be fetched: the token may well be valid
            return ProviderUnavailable.response(e, uri.getPath());
        }
        if (BackendUnavailable.is(e)) {
            // an API key could not be looked up: the database is away, the key may well be valid
            return unavailable(uri);
        }
        String address =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String target = request.method() + " " + uri.getPath();
        ApiKeyRejected rejected = ApiKeyRejected.in(e);
        if (rejected != null) {
            rejections.rejected("api-key", address, target, rejected.detail());
            return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, rejected.detail(), uri.getPath())
                            .toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "apikey")
                    .build();
        }
        if (!(e instanceof AuthenticationFailedException)) {
            return Response.fromResponse(Problem.of(
                                    Response.Status.UNAUTHORIZED,
                                    "No credentials: send a bearer token (Authorization: Bearer ...) or an API key"
                                            + " (apikey: ...).",
                                    uri.getPath())
                            .toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build();
        }
        TokenRejection rejection = TokenRejection.of(e, expected, bearerToken(request));
        rejections.rejected("token " + rejection.cause().code(), address, target, rejection.detail());
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, rejection.detail(), uri.getPath())
                        .toResponse())
                .header(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer error=\"invalid_token\", error_description=\""
                                + rejection.cause().description() + "\"")
                .build();
    }

    /**
     * 403: the detail a {@link Caller#forbidden} names, or the role the operation requires (its
     * {@code @RolesAllowed}) and the ipfence roles the caller holds.
     */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
        String detail;
        if (e.getMessage() != null && e.getMessage().startsWith(Caller.FORBIDDEN_PREFIX)) {
            detail = e.getMessage().substring(Caller.FORBIDDEN_PREFIX.length());
        } else {
            detail = RequiredRoles.detail(RequiredRoles.of(resource), heldRoles(), claims.rolesClaim());
        }
        return Problem.of(Response.Status.FORBIDDEN, detail, uri.getPath()).toResponse();
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    private static String bearerToken(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private java.util.Set<String> heldRoles() {
        try {
            return identity.getRoles();
        } catch (RuntimeException e) {
            // no identity to ask (it was never resolved): name no roles rather than fail the answer
            return java.util.Set.of();
        }
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = InputErrors.of(e.getConstraintViolations());
        return Problem.validation("The request is invalid.", uri.getPath(), errors)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return Problem.validation("The request body is invalid.", uri.getPath(), List.of(InputErrors.of(e)))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return Problem.validation(
                        "The request body is not valid JSON.",
                        uri.getPath(),
                        List.of(new Problem.FieldError("body", e.getOriginalMessage())))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.problem(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            return unexpected(e, uri);
        }
        String detail = switch (status.getStatusCode()) {
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed on this path.";
            case 406 -> "This resource answers application/json.";
            case 415 -> "Send the body as application/json.";
            default -> e.getMessage();
        };
        return Problem.of(status, detail, uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (BackendUnavailable.is(e)) {
            LOG.warnf("Database unavailable on %s: %s", uri.getPath(), e.getMessage());
            return unavailable(uri);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s on %s", errorId, uri.getPath());
        return Problem.of(
                        Response.Status.INTERNAL_SERVER_ERROR,
                        "An unexpected error occurred; it was logged with id " + errorId + ".",
                        uri.getPath())
                .toResponse();
    }

    private static Response unavailable(UriInfo uri) {
        return Response.fromResponse(Problem.of(
                                Response.Status.SERVICE_UNAVAILABLE,
                                "The database is unavailable; nothing was changed. Try again shortly.",
                                uri.getPath())
                        .toResponse())
                .header("Retry-After", "1")
                .build();
    }
}
