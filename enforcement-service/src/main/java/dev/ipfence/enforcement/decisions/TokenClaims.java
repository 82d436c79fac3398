package dev.ipfence.enforcement.decisions;

import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.auth.ClaimMapping;
import dev.ipfence.web.auth.ClaimPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The user a verified forward-auth bearer token names: {@code sub} is the id, then {@code email},
 * the groups claim, the department claim (both {@link ClaimPath}s), and {@code attributes} when it
 * is a JSON object. A token is an identity only in the organization its organization claim names
 * ({@link ClaimMapping}, as everywhere in ipfence): one without it, or of another organization,
 * names no user here.
 */
final class TokenClaims {

    static final String ATTRIBUTES = "attributes";

    private TokenClaims() {}

    /**
     * The user of {@code claims} (the verified token's payload) for an environment of {@code org};
     * no user when the token is of another organization or over the limits of a decision request.
     */
    static ForwardAuthIdentity.Found user(
            Map<String, Object> claims,
            UUID org,
            ClaimMapping mapping,
            ClaimPath groupsClaim,
            ClaimPath departmentClaim) {
        if (org == null || !org.equals(mapping.organization(claims).idOrNull())) {
            return ForwardAuthIdentity.Found.none(ForwardAuthIdentity.Outcome.OTHER_ORG);
        }
        Object attributes = claims.get(ATTRIBUTES);
        @SuppressWarnings("unchecked")
        Map<String, ?> attributeMap = attributes instanceof Map<?, ?> map ? (Map<String, ?>) map : Map.of();
        List<FieldError> errors = new ArrayList<>();
        var user = IdentityLimits.user(
                text(claims.get("sub")),
                text(claims.get("email")),
                groups(groupsClaim.read(claims)),
                text(departmentClaim.read(claims)),
                attributeMap,
                "",
                errors);
        return user == null
                ? ForwardAuthIdentity.Found.none(ForwardAuthIdentity.Outcome.OVER_LIMITS)
                : new ForwardAuthIdentity.Found(user, ForwardAuthIdentity.Outcome.VERIFIED);
    }

    /** A list of names (its strings; anything else in it is not a group name), or one name. */
    static List<String> groups(Object claim) {
        if (claim instanceof String name) {
            return List.of(name);
        }
        if (!(claim instanceof List<?> list)) {
            return List.of();
        }
        List<String> names = new ArrayList<>(list.size());
        for (Object element : list) {
            if (element instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    /** A string claim; anything else is absent. */
    private static String text(Object claim) {
        return claim instanceof String value ? value : null;
    }
}
