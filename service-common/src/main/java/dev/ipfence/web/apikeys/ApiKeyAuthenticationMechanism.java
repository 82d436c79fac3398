package dev.ipfence.web.apikeys;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Accepts an {@code apikey: <secret>} header in place of {@code Authorization: Bearer}. It runs
 * before the bearer mechanism (higher priority): without the header it steps aside; with it, the
 * request is authenticated by the key or refused (401), never passed on to the bearer mechanism nor
 * left anonymous. Both a key and an {@code Authorization} header: refused, the caller must be one.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String HEADER = "apikey";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String secret = context.request().getHeader(HEADER);
        if (secret == null) {
            return Uni.createFrom().nullItem();
        }
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return Uni.createFrom()
                    .failure(ApiKeyRejected.failure(
                            "Send either an apikey header or an Authorization header, not both."));
        }
        if (context.request().headers().getAll(HEADER).size() > 1) {
            return Uni.createFrom().failure(ApiKeyRejected.failure("Send one apikey header."));
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(secret.trim()), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "apikey"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        // before quarkus-oidc's bearer mechanism (DEFAULT_PRIORITY)
        return DEFAULT_PRIORITY + 100;
    }
}
