package dev.ipfence.web.apikeys;

import dev.ipfence.core.events.ApiKeyState;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Verifies an API key against the service's {@link ApiKeyDirectory}: the secret's hash first (so
 * an unknown key, another organization's key and a wrong secret all answer the same), then whether
 * the key was revoked or expired, each a 401 saying which. The identity carries the key's roles and
 * organization ({@link ApiKeyPrincipal}).
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    static final String INVALID = "The API key is not valid.";

    private final ApiKeyDirectory directory;
    private final Clock clock = Clock.systemUTC();

    public ApiKeyIdentityProvider(ApiKeyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        UUID id = ApiKeySecrets.idOf(request.secret());
        if (id == null) {
            return Uni.createFrom()
                    .failure(
                            ApiKeyRejected.failure("The apikey header is not an ipfence API key (ipf_<id>_<secret>)."));
        }
        return directory.find(id).map(entry -> identity(id, request.secret(), entry, clock.instant()));
    }

    SecurityIdentity identity(UUID id, String secret, ApiKeyDirectory.Entry entry, Instant now) {
        if (!(entry instanceof ApiKeyDirectory.Known known)) {
            throw ApiKeyRejected.failure(INVALID);
        }
        ApiKeyState key = known.state();
        if (!ApiKeySecrets.matches(secret, key.secretHash())) {
            throw ApiKeyRejected.failure(INVALID);
        }
        if (key.revokedAt() != null) {
            throw ApiKeyRejected.failure("The API key was revoked at " + key.revokedAt() + ".");
        }
        if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) {
            throw ApiKeyRejected.failure("The API key expired at " + key.expiresAt() + ".");
        }
        directory.used(id);
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new ApiKeyPrincipal(id, key.orgId(), key.name()))
                .addAttribute(ApiKeyPrincipal.class.getName(), id);
        key.roles().forEach(identity::addRole);
        return identity.build();
    }
}
