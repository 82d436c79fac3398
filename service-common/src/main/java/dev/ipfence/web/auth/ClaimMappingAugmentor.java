package dev.ipfence.web.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives a verified bearer token's identity the roles and organization of {@link ClaimMapping}: its
 * roles are replaced by those of the configured roles claim (whatever quarkus-oidc read), and the
 * organization claim's reading is attached as {@link #ORGANIZATION}. The identity is then kept in
 * {@link VerifiedTokens} until the token's expiry at the latest; one found there is mapped already
 * and passes unchanged, as do API key identities. Another augmentor would run again on an identity
 * found there, which already holds what it added: one that is not idempotent must not be added.
 */
@ApplicationScoped
public class ClaimMappingAugmentor implements SecurityIdentityAugmentor {

    /** The identity attribute holding the token's {@link ClaimMapping.Organization}. */
    public static final String ORGANIZATION = "ipfence.organization";

    /** Tokens expiring later than this (year 9999) are verified on every request, not kept. */
    private static final long LATEST_EXPIRY =
            Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private final ClaimMapping mapping;
    private final VerifiedTokens verified;

    public ClaimMappingAugmentor(ClaimMapping mapping, VerifiedTokens verified) {
        this.mapping = mapping;
        this.verified = verified;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken token)
                || identity.getAttribute(ORGANIZATION) != null) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(() -> {
            Map<String, Object> claims = JwtPayload.claims(token.getRawToken());
            SecurityIdentity mapped = augment(identity, claims);
            if (claims.get("exp") instanceof Number expiry && expiry.longValue() < LATEST_EXPIRY) {
                verified.remember(token.getRawToken(), Instant.ofEpochSecond(expiry.longValue()), mapped);
            }
            return mapped;
        });
    }

    SecurityIdentity augment(SecurityIdentity identity, Map<String, Object> claims) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(ORGANIZATION, mapping.organization(claims))
                .addRoles(mapping.roles(claims));
        return VerifiedTokens.withPermissionsOf(builder, identity).build();
    }
}
