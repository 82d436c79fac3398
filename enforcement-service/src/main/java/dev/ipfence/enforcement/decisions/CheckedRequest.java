package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.core.policy.Identity;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.core.policy.JsonValues;
import dev.ipfence.core.policy.ResourceRef;
import dev.ipfence.enforcement.decisions.DecisionApi.DecisionRequest;
import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.ProblemException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A decision request whose fields passed the checks: its environment id read, and its identity
 * part (null without one) within the limits.
 */
record CheckedRequest(DecisionRequest request, UUID environmentId, IdentityRequest identity) {

    /**
     * Checks every request before any is decided, so that a refused batch has recorded no decision
     * (no metric, no blocked attempt); refuses them all (400) naming every bad field.
     */
    static List<CheckedRequest> checkAll(List<DecisionRequest> requests, boolean batch) {
        List<FieldError> errors = new ArrayList<>();
        List<CheckedRequest> checked = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            checked.add(check(requests.get(i), batch ? "requests[" + i + "]." : "", errors));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Response.Status.BAD_REQUEST,
                    batch ? "The batch is invalid; nothing was decided." : "The decision request is invalid.",
                    errors);
        }
        return checked;
    }

    static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Checks one request's fields; adds what is wrong to {@code errors} and returns null then. */
    static CheckedRequest check(DecisionRequest request, String prefix, List<FieldError> errors) {
        int before = errors.size();
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
        IdentityRequest identity = identity(request, prefix, errors);
        return errors.size() > before ? null : new CheckedRequest(request, environmentId, identity);
    }

    /**
     * The identity part of a request, checked against the limits; null when the request carries no
     * identity (then {@code resource} and {@code gateway} are checked, and ignored).
     */
    private static IdentityRequest identity(DecisionRequest request, String prefix, List<FieldError> errors) {
        int before = errors.size();
        Identity.User user = null;
        Identity.Device device = null;
        if (request.identity() != null) {
            var body = request.identity();
            if (body.user() != null) {
                var u = body.user();
                user = IdentityLimits.user(
                        u.id(),
                        u.email(),
                        u.groups(),
                        u.department(),
                        u.attributes(),
                        prefix + "identity.user.",
                        errors);
            }
            if (body.device() != null) {
                var d = body.device();
                IdentityLimits.checkString(d.id(), prefix + "identity.device.id", errors);
                IdentityLimits.checkAttributes(d.attributes(), prefix + "identity.device.attributes", 0, errors);
                if (errors.size() == before) {
                    device = new Identity.Device(d.id(), JsonValues.attributes(d.attributes()));
                }
            }
        }
        ResourceRef resource = null;
        if (request.resource() != null) {
            IdentityLimits.checkString(request.resource().id(), prefix + "resource.id", errors);
            IdentityLimits.checkResourceType(request.resource().type(), prefix + "resource.type", errors);
            resource =
                    new ResourceRef(request.resource().id(), request.resource().type());
        }
        IdentityLimits.checkString(request.gateway(), prefix + "gateway", errors);
        if ((request.identity() == null && resource == null) || errors.size() > before) {
            return null;
        }
        // a resource without an identity is anonymous: the policies covering it still decide
        return new IdentityRequest(
                new Identity(user, device), resource, request.gateway(), request.method(), request.path());
    }
}
