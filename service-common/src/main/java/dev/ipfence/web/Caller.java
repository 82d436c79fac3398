package dev.ipfence.web;

import dev.ipfence.web.apikeys.ApiKeyPrincipal;
import dev.ipfence.web.auth.ClaimMapping;
import dev.ipfence.web.auth.ClaimMappingAugmentor;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: a bearer token or an API key, its subject and organization. For a token the
 * organization is its organization claim ({@code ipfence.auth.organization-claim}, {@code org_id}
 * by default) and nothing else, as {@link ClaimMapping} reads it; for an API key, the organization
 * that created it. No URL or body can name another one.
 */
@RequestScoped
public class Caller {

    static final String FORBIDDEN_PREFIX = "caller:";

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /**
     * The caller's organization; a token whose organization claim is missing or not a UUID is refused
     * with 403 naming the claim: the token is genuine, but grants nothing in any organization.
     */
    public UUID orgId() {
        ClaimMapping.Organization organization = organizationOf(identity);
        if (organization instanceof ClaimMapping.Found found) {
            return found.id();
        }
        if (organization instanceof ClaimMapping.Missing missing) {
            throw forbidden(missing.detail());
        }
        if (organization instanceof ClaimMapping.Invalid invalid) {
            throw forbidden(invalid.detail());
        }
        throw forbidden("The caller names no organization.");
    }

    /** A 403 whose problem detail is {@code detail}. */
    public static ForbiddenException forbidden(String detail) {
        return new ForbiddenException(FORBIDDEN_PREFIX + detail);
    }

    /** The organization of an identity: an API key's, or the one its token names; null when none or not a UUID. */
    public static UUID orgIdOrNull(SecurityIdentity identity) {
        ClaimMapping.Organization organization = identity == null ? null : organizationOf(identity);
        return organization == null ? null : organization.idOrNull();
    }

    private static ClaimMapping.Organization organizationOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof ApiKeyPrincipal key) {
            return new ClaimMapping.Found(key.orgId());
        }
        Object attribute = identity.getAttribute(ClaimMappingAugmentor.ORGANIZATION);
        return attribute instanceof ClaimMapping.Organization organization ? organization : null;
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

    /** The caller's roles: those of the token's roles claim, or the key's roles. */
    public Set<String> roles() {
        return identity.getRoles() == null ? Set.of() : identity.getRoles();
    }

    /** The API key calling, or null for a bearer token. */
    public UUID apiKeyId() {
        return identity.getPrincipal() instanceof ApiKeyPrincipal key ? key.keyId() : null;
    }
}
