package dev.ipfence.rules.common;

import dev.ipfence.core.policy.PolicyConstraints.Violation;
import dev.ipfence.web.Problem;
import dev.ipfence.web.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Refusals built from the core's field rules. */
public final class Violations {

    private Violations() {}

    /** A 400 naming every violation, or nothing when there is none: {@code what} is "admission rule", ... */
    public static void throwIfAny(String what, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new ProblemException(
                    Response.Status.BAD_REQUEST,
                    "The " + what + " is invalid.",
                    violations.stream()
                            .map(v -> new Problem.FieldError(v.field(), v.message()))
                            .toList());
        }
    }

    /** A 404 naming {@code what} when {@code entity} is null: absent, or another organization's. */
    public static <T> T found(T entity, String what) {
        return ProblemException.found(entity, what);
    }

    /** The references of an in-use refusal, in the detail as {@code id (name)}. */
    public static String list(List<Problem.Reference> references) {
        return String.join(
                ", ",
                references.stream().map(r -> r.id() + " (" + r.name() + ")").toList());
    }
}
