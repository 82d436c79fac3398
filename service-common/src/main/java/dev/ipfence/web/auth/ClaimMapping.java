package dev.ipfence.web.auth;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How a verified token's claims become an ipfence caller: the organization from the organization
 * claim ({@code ipfence.auth.organization-claim}), the roles from the roles claim ({@code
 * ipfence.auth.roles-claim}). The only place that reads them, for the API of every service and for
 * enforcement's forward-auth alike.
 */
public final class ClaimMapping {

    /** What the organization claim of a token says. */
    public sealed interface Organization {
        /** The organization, or null when the token names none that can be used. */
        default UUID idOrNull() {
            return this instanceof Found found ? found.id() : null;
        }
    }

    /** A UUID: the token's organization. */
    public record Found(UUID id) implements Organization {}

    /** The claim is absent (or null): the token names no organization. */
    public record Missing(ClaimPath claim) implements Organization {
        public String detail() {
            return "The token has no " + claim + " claim.";
        }
    }

    /** The claim is there but not a UUID string: no organization, never a guess. */
    public record Invalid(ClaimPath claim, String value) implements Organization {
        public String detail() {
            return "The token's " + claim + " claim is not a UUID: \"" + value + "\".";
        }
    }

    private static final int MAX_SHOWN = 100;

    private final ClaimPath organizationClaim;
    private final ClaimPath rolesClaim;

    public ClaimMapping(ClaimPath organizationClaim, ClaimPath rolesClaim) {
        this.organizationClaim = organizationClaim;
        this.rolesClaim = rolesClaim;
    }

    /** The defaults: {@code org_id} and {@code groups}. */
    public static ClaimMapping defaults() {
        return new ClaimMapping(ClaimPath.parse("org_id"), ClaimPath.parse("groups"));
    }

    public ClaimPath organizationClaim() {
        return organizationClaim;
    }

    public ClaimPath rolesClaim() {
        return rolesClaim;
    }

    /** The organization {@code claims} name: a UUID string at the organization claim, nothing else. */
    public Organization organization(Map<String, ?> claims) {
        Object value = organizationClaim.read(claims);
        if (value == null) {
            return new Missing(organizationClaim);
        }
        if (value instanceof String text) {
            try {
                // UUID.fromString accepts shortened groups ("1-2-3-4-5"); only the canonical form is an id
                UUID id = UUID.fromString(text);
                if (id.toString().equalsIgnoreCase(text)) {
                    return new Found(id);
                }
            } catch (IllegalArgumentException e) {
                // not a UUID: below
            }
        }
        return new Invalid(organizationClaim, shown(value));
    }

    /**
     * The roles {@code claims} grant: the strings of a list at the roles claim, or the
     * space-separated names of a string there (as in an OAuth {@code scope} claim). Anything else
     * grants none.
     */
    public Set<String> roles(Map<String, ?> claims) {
        Object value = rolesClaim.read(claims);
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof String text) {
            for (String name : text.trim().split("\\s+")) {
                if (!name.isEmpty()) {
                    roles.add(name);
                }
            }
        } else if (value instanceof Collection<?> list) {
            for (Object element : list) {
                if (element instanceof String name && !name.isEmpty()) {
                    roles.add(name);
                }
            }
        }
        return roles;
    }

    /** A claim value as a problem may show it: printable characters only, bounded. */
    static String shown(Object value) {
        StringBuilder text = new StringBuilder();
        String raw = String.valueOf(value);
        for (int i = 0; i < raw.length() && text.length() < MAX_SHOWN; i++) {
            char c = raw.charAt(i);
            text.append(Character.isISOControl(c) || c == '"' ? '?' : c);
        }
        return raw.length() > MAX_SHOWN ? text + "..." : text.toString();
    }
}
