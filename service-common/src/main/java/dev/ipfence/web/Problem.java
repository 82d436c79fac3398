package dev.ipfence.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** An RFC 9457 problem detail, the body of every error response of every ipfence service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        Quota quota,
        List<Reference> usedBy) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    /** One rejected input: the field (a JSON path, query parameter or header) and why, naming the value. */
    public record FieldError(String field, String message) {}

    /**
     * The limit a create would pass (type {@code quota-exceeded}): the configuration key naming it,
     * its value, how many the holder has, how many the request would add and how many still fit.
     */
    public record Quota(String key, long limit, long current, long requested, long available) {}

    /** What still uses the resource a delete was refused for (type {@code in-use}): its id and name. */
    public record Reference(String id, String name) {}

    public static final String QUOTA_EXCEEDED_TYPE = "https://ipfence.dev/problems/quota-exceeded";
    public static final String IN_USE_TYPE = "https://ipfence.dev/problems/in-use";

    public static Problem of(Response.StatusType status, String detail, String instance) {
        return new Problem(
                typeFor(status.getStatusCode()),
                status.getReasonPhrase(),
                status.getStatusCode(),
                detail,
                instance,
                null,
                null,
                null);
    }

    public static Problem validation(String detail, String instance, List<FieldError> errors) {
        return new Problem(typeFor(400), "Bad Request", 400, detail, instance, List.copyOf(errors), null, null);
    }

    /** 409: the request is fine, but the organization (or scope) already holds as many as allowed. */
    public static Problem quotaExceeded(String detail, String instance, Quota quota) {
        return new Problem(QUOTA_EXCEEDED_TYPE, "Conflict", 409, detail, instance, null, quota, null);
    }

    /** 409: a delete of something others still refer to; {@code usedBy} names them. */
    public static Problem inUse(String detail, String instance, List<Reference> usedBy) {
        return new Problem(IN_USE_TYPE, "Conflict", 409, detail, instance, null, null, List.copyOf(usedBy));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }

    static String typeFor(int status) {
        return switch (status) {
            case 400 -> "https://ipfence.dev/problems/invalid-request";
            case 401 -> "https://ipfence.dev/problems/unauthenticated";
            case 403 -> "https://ipfence.dev/problems/forbidden";
            case 404 -> "https://ipfence.dev/problems/not-found";
            case 409 -> "https://ipfence.dev/problems/conflict";
            case 412 -> "https://ipfence.dev/problems/precondition-failed";
            case 413 -> "https://ipfence.dev/problems/payload-too-large";
            case 503 -> "https://ipfence.dev/problems/unavailable";
            default -> "about:blank";
        };
    }
}
