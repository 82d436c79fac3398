package dev.ipfence.web.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives a verified bearer token's identity the roles and organization of {@link ClaimMapping}: its
 * roles are replaced by those of the configured roles claim (whatever quarkus-oidc read), and the
 * organization claim's reading is attached as {@link #ORGANIZATION}. API key identities pass
 * unchanged.
 */
@ApplicationScoped
public class ClaimMappingAugmentor implements SecurityIdentityAugmentor {

    /** The identity attribute holding the token's {@link ClaimMapping.Organization}. */
    public static final String ORGANIZATION = "ipfence.organization";

    private final ClaimMapping mapping;

    public ClaimMappingAugmentor(ClaimMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(() -> augment(identity, JwtPayload.claims(token.getRawToken())));
    }

    SecurityIdentity augment(SecurityIdentity identity, Map<String, Object> claims) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(ORGANIZATION, mapping.organization(claims))
                .addRoles(mapping.roles(claims))
                .addPermissionChecker(identity::checkPermission);
        return builder.build();
    }
}
