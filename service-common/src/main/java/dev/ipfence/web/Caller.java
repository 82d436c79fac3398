package dev.ipfence.web;

import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the token's subject and organization. The organization is the {@code org_id}
 * claim and nothing else: no URL or body can name another one.
 */
@RequestScoped
public class Caller {

    public static final String ORG_CLAIM = "org_id";
    static final String FORBIDDEN_PREFIX = "caller:";

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The caller's organization; a token without a UUID {@code org_id} claim is refused with 403. */
    public UUID orgId() {
        Object claim = token.getClaim(ORG_CLAIM);
        String value = claim == null ? null : claim.toString().replace("\"", "");
        if (value == null || value.isBlank()) {
            throw new ForbiddenException(FORBIDDEN_PREFIX + "The token has no " + ORG_CLAIM + " claim.");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ForbiddenException(
                    FORBIDDEN_PREFIX + "The token's " + ORG_CLAIM + " claim is not a UUID: \"" + value + "\".");
        }
    }

    /** The organization a token names in {@code org_id}, or null when it names none or not a UUID. */
    public static UUID orgIdOrNull(JsonWebToken token) {
        Object claim = token.getClaim(ORG_CLAIM);
        String value = claim == null ? null : claim.toString().replace("\"", "");
        try {
            return value == null || value.isBlank() ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The token's subject, recorded as the actor of every change. */
    public String subject() {
        return Optional.ofNullable(token.getSubject()).orElse("unknown");
    }

    public Set<String> roles() {
        return token.getGroups() == null ? Set.of() : token.getGroups();
    }
}
