package dev.ipfence.web;

import dev.ipfence.web.auth.ClaimPath;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/** The roles an operation requires (its {@code @RolesAllowed}), for a 403 that says which. */
final class RequiredRoles {

    private RequiredRoles() {}

    /** The roles of the resource method's {@code @RolesAllowed}, else its class's; empty when unknown. */
    static List<String> of(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return List.of();
        }
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass() == null
                    ? null
                    : resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? List.of() : List.of(allowed.value());
    }

    /** The 403 detail: the role required, the ipfence roles held, and where a token's roles are read. */
    static String detail(List<String> required, Set<String> held, ClaimPath rolesClaim) {
        String needs = required.isEmpty()
                ? "This operation requires a role the caller does not have"
                : "This operation requires role " + String.join(" or ", required);
        List<String> ipfenceRoles = held.stream()
                .filter(role -> role.equals(Roles.READ) || role.equals(Roles.WRITE))
                .sorted()
                .toList();
        String holds = ipfenceRoles.isEmpty()
                ? "the caller has no ipfence role"
                : "the caller has only " + String.join(", ", ipfenceRoles);
        return needs + "; " + holds + " (a token's roles are read from its " + rolesClaim
                + " claim, see ipfence.auth.roles-claim).";
    }
}
