package dev.ipfence.web;

import dev.ipfence.web.apikeys.ApiKeyPrincipal;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: a bearer token or an API key, its subject and organization. For a token the
 * organization is the {@code org_id} claim and nothing else; for an API key, the organization that
 * created it. No URL or body can name another one.
 */
@RequestScoped
public class Caller {

    public static final String ORG_CLAIM = "org_id";
    static final String FORBIDDEN_PREFIX = "caller:";

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's organization; a token without a UUID {@code org_id} claim is refused with 403. */
    public UUID orgId() {
        if (identity.getPrincipal() instanceof ApiKeyPrincipal key) {
            return key.orgId();
        }
        Object claim = identity.getPrincipal() instanceof JsonWebToken token ? token.getClaim(ORG_CLAIM) : null;
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

    /**
     * The organization of an identity: an API key's, or the one a token names in {@code org_id};
     * null when it names none or not a UUID.
     */
    public static UUID orgIdOrNull(SecurityIdentity identity) {
        if (identity == null) {
            return null;
        }
        if (identity.getPrincipal() instanceof ApiKeyPrincipal key) {
            return key.orgId();
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        Object claim = token.getClaim(ORG_CLAIM);
        String value = claim == null ? null : claim.toString().replace("\"", "");
        try {
            return value == null || value.isBlank() ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The caller's subject, recorded as the actor of every change: the token's, or {@code apikey:<id>}. */
    public String subject() {
        if (identity.getPrincipal() instanceof ApiKeyPrincipal key) {
            return key.getName();
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            return Optional.ofNullable(token.getSubject()).orElse("unknown");
        }
        return "unknown";
    }

    /** The caller's roles: the token's {@code groups}, or the key's roles. */
    public Set<String> roles() {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            return token.getGroups() == null ? Set.of() : token.getGroups();
        }
        return identity.getRoles() == null ? Set.of() : identity.getRoles();
    }

    /** The API key calling, or null for a bearer token. */
    public UUID apiKeyId() {
        return identity.getPrincipal() instanceof ApiKeyPrincipal key ? key.keyId() : null;
    }
}
