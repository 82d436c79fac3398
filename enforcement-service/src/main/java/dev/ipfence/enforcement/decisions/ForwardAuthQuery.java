package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.web.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** The query parameters of a forward-auth request: where it is decided, and for which resource. */
record ForwardAuthQuery(UUID environment, String trafficScope, String resourceId, String resourceType, String gateway) {

    /**
     * Reads the query with {@code param}; null, with what is wrong in {@code errors}, when the
     * environment, then the traffic scope, then the resource part is refused (the first that is).
     */
    static ForwardAuthQuery read(UnaryOperator<String> param, List<Problem.FieldError> errors) {
        String environmentId = param.apply("environmentId");
        UUID environment = parseUuid(environmentId);
        if (environment == null) {
            errors.add(new Problem.FieldError(
                    "environmentId",
                    environmentId == null
                            ? "is required (query parameter)"
                            : "\"" + environmentId + "\" is not a UUID"));
            return null;
        }
        String trafficScope = param.apply("trafficScope");
        Optional<String> badScope =
                trafficScope == null ? Optional.empty() : RuleConstraints.checkTrafficScope(trafficScope);
        if (badScope.isPresent()) {
            errors.add(new Problem.FieldError("trafficScope", badScope.get()));
            return null;
        }
        String resourceId = param.apply("resourceId");
        String resourceType = param.apply("resourceType");
        String gateway = param.apply("gateway");
        if (resourceId != null || resourceType != null || gateway != null) {
            List<Problem.FieldError> resourceErrors = new ArrayList<>();
            IdentityLimits.checkString(resourceId, "resourceId", resourceErrors);
            IdentityLimits.checkResourceType(resourceType, "resourceType", resourceErrors);
            IdentityLimits.checkString(gateway, "gateway", resourceErrors);
            if (!resourceErrors.isEmpty()) {
                errors.addAll(resourceErrors);
                return null;
            }
        }
        return new ForwardAuthQuery(environment, trafficScope, resourceId, resourceType, gateway);
    }

    private static UUID parseUuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
