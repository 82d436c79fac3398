package dev.ipfence.web;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** Thrown by services to answer with a problem: a status, a detail and, for bad input, field errors. */
public class ProblemException extends RuntimeException {

    private final Response.StatusType status;
    private final List<Problem.FieldError> errors;
    private final Problem.Quota quota;
    private final List<Problem.Reference> usedBy;

    public ProblemException(Response.StatusType status, String detail) {
        this(status, detail, List.of());
    }

    public ProblemException(Response.StatusType status, String detail, List<Problem.FieldError> errors) {
        this(status, detail, errors, null, null);
    }

    private ProblemException(
            Response.StatusType status,
            String detail,
            List<Problem.FieldError> errors,
            Problem.Quota quota,
            List<Problem.Reference> usedBy) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.quota = quota;
        this.usedBy = usedBy == null ? null : List.copyOf(usedBy);
    }

    /** 409 with type {@code in-use}: a delete refused because {@code usedBy} still refer to the resource. */
    public static ProblemException inUse(String detail, List<Problem.Reference> usedBy) {
        return new ProblemException(Response.Status.CONFLICT, detail, List.of(), null, usedBy);
    }

    /** 409 with type {@code quota-exceeded}: a create would pass a configured limit. */
    public static ProblemException quotaExceeded(String detail, Problem.Quota quota) {
        return new ProblemException(Response.Status.CONFLICT, detail, List.of(), quota, null);
    }

    /** The limit this problem reports, or null when it is not a quota problem. */
    public Problem.Quota quota() {
        return quota;
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(
                Response.Status.BAD_REQUEST,
                "The request is invalid.",
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Response.Status.NOT_FOUND, what + " not found.");
    }

    /** {@code entity}, or a 404 naming {@code what} when it is null (absent, or another organization's). */
    public static <T> T found(T entity, String what) {
        if (entity == null) {
            throw notFound(what);
        }
        return entity;
    }

    /** The same problem with field names of another view (e.g. {@code cidr} shown as {@code ipAddress}). */
    public ProblemException withFieldsRenamed(java.util.Map<String, String> names) {
        if (errors.isEmpty()) {
            return this;
        }
        List<Problem.FieldError> renamed = errors.stream()
                .map(e -> new Problem.FieldError(names.getOrDefault(e.field(), e.field()), e.message()))
                .toList();
        return new ProblemException(status, getMessage(), renamed);
    }

    public Problem problem(String instance) {
        if (quota != null) {
            return Problem.quotaExceeded(getMessage(), instance, quota);
        }
        if (usedBy != null) {
            return Problem.inUse(getMessage(), instance, usedBy);
        }
        if (!errors.isEmpty()) {
            return Problem.validation(getMessage(), instance, errors);
        }
        return Problem.of(status, getMessage(), instance);
    }
}
