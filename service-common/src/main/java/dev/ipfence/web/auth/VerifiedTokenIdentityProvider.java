package dev.ipfence.web.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Answers a bearer token from {@link VerifiedTokens} when this service verified it before, and
 * otherwise answers nothing, so that quarkus-oidc (asked after this provider) verifies it. {@link
 * ClaimMappingAugmentor} keeps each identity quarkus-oidc gives.
 */
@ApplicationScoped
public class VerifiedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final VerifiedTokens tokens;

    public VerifiedTokenIdentityProvider(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before quarkus-oidc's provider (the default priority, {@code SYSTEM_FIRST + 1}). */
    @Override
    public int priority() {
        return SYSTEM_FIRST + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity identity = tokens.find(request.getToken().getToken(), requestAttributes(request, context));
        return identity == null ? Uni.createFrom().nullItem() : Uni.createFrom().item(identity);
    }

    /** The request's routing context and authentication context, as quarkus-oidc attaches them. */
    private static Map<String, Object> requestAttributes(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(RoutingContext.class.getName(), HttpSecurityUtils.getRoutingContextAttribute(request));
        attributes.put(AuthenticationRequestContext.class.getName(), context);
        return attributes;
    }
}
