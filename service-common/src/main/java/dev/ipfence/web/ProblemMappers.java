package dev.ipfence.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ipfence.web.apikeys.ApiKeyRejected;
import dev.ipfence.web.provider.ProviderUnavailable;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure to {@code application/problem+json}. Stack traces and class names never
 * reach a response; an unexpected failure is logged with an id that the response repeats.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(Exception e, UriInfo uri, HttpHeaders headers) {
        if (ProviderUnavailable.during(e, headers)) {
            // the identity provider's keys could not be fetched: the token may well be valid
            return ProviderUnavailable.response(e, uri.getPath());
        }
        if (BackendUnavailable.is(e)) {
            // an API key could not be looked up: the database is away, the key may well be valid
            return unavailable(uri);
        }
        ApiKeyRejected rejected = ApiKeyRejected.in(e);
        if (rejected != null) {
            return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, rejected.detail(), uri.getPath())
                            .toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "apikey")
                    .build();
        }
        return Response.fromResponse(Problem.of(
                                Response.Status.UNAUTHORIZED,
                                "A valid bearer token or API key is required: none was sent, or the token is expired, not yet"
                                        + " valid, or not signed by a trusted issuer.",
                                uri.getPath())
                        .toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() != null && e.getMessage().startsWith(Caller.FORBIDDEN_PREFIX)
                ? e.getMessage().substring(Caller.FORBIDDEN_PREFIX.length())
                : "The token does not grant the role this operation needs.";
        return Problem.of(Response.Status.FORBIDDEN, detail, uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(
                        fieldOf(v), v.getMessage() + " (got " + render(v.getInvalidValue()) + ")"))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.validation("The request is invalid.", uri.getPath(), errors)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("body");
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            message = "unknown field \"" + unknown.getPropertyName() + "\"";
        } else if (e instanceof InvalidFormatException invalid) {
            message = "\"" + invalid.getValue() + "\" is not a valid " + typeName(invalid.getTargetType());
        } else {
            message = "expected " + typeName(e.getTargetType());
        }
        return Problem.validation(
                        "The request body is invalid.", uri.getPath(), List.of(new Problem.FieldError(field, message)))
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

    private static String fieldOf(ConstraintViolation<?> violation) {
        // "create.arg1.cidr" -> "cidr": the method and parameter segments mean nothing to a client
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : parts[parts.length - 1];
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == java.time.Instant.class) {
            return "timestamp (RFC 3339, e.g. 2030-01-01T00:00:00Z)";
        }
        if (type == java.util.UUID.class) {
            return "UUID";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        return "object";
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        return '"' + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + '"';
    }
}
