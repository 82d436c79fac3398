package dev.ipfence.web.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens this service has verified, each with the identity it gave, so that a client
 * sending the same token again is not verified again: checking the signature and the claims is the
 * largest single cost of a rule write (docs/benchmarks.md, "Writes").
 *
 * <p>An identity is kept for at most {@code ttl} after its verification and never past its token's
 * expiry ({@code exp}), checked on every lookup; at most {@code maxSize} tokens are kept, the least
 * often used leaving first. A {@code ttl} of 0 or a {@code maxSize} of 0 keeps none. A token that
 * fails verification is never kept; one the provider revoked after its verification stays accepted
 * for {@code ttl} at most.
 *
 * <p>The identity is kept without what belongs to the request it came with (its routing context),
 * and is given the routing context of the request that finds it. It holds no reference to the
 * identity it was copied from: its permissions are copied, not delegated.
 *
 * <p>The token alone is the key: ipfence configures one OIDC tenant, and {@link AuthBeans} keeps
 * nothing when a setting asks quarkus-oidc to check each request beyond the token itself
 * (certificate-bound or DPoP tokens, a maximum token age).
 */
public final class VerifiedTokens {

    /** The identity attributes that belong to one request, as quarkus-oidc sets them. */
    static final Set<String> REQUEST_ATTRIBUTES =
            Set.of(RoutingContext.class.getName(), AuthenticationRequestContext.class.getName());

    private record Entry(SecurityIdentity identity, Instant expiresAt) {}

    private final Cache<String, Entry> entries;
    private final Clock clock;

    /** A cache on the system clock. */
    public VerifiedTokens(Duration ttl, int maxSize) {
        this(ttl, maxSize, Clock.systemUTC(), Ticker.systemTicker());
    }

    /** A cache whose expiry reads {@code clock} and whose {@code ttl} runs on {@code ticker}. */
    VerifiedTokens(Duration ttl, int maxSize, Clock clock, Ticker ticker) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ipfence.auth.token-cache-ttl must not be negative: " + ttl);
        }
        if (maxSize < 0) {
            throw new IllegalArgumentException("ipfence.auth.token-cache-max-size must not be negative: " + maxSize);
        }
        this.clock = clock;
        this.entries = ttl.isZero() || maxSize == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(maxSize)
                        .expireAfterWrite(ttl)
                        .ticker(ticker)
                        .build();
    }

    /**
     * The identity {@code token} gave, with {@code requestAttributes} (the finding request's routing
     * context) in place of those of the request it was verified with; null when the token is not
     * kept or its expiry has come.
     */
    public SecurityIdentity find(String token, Map<String, Object> requestAttributes) {
        if (entries == null || token == null) {
            return null;
        }
        Entry entry = entries.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.invalidate(token);
            return null;
        }
        return with(entry.identity(), requestAttributes);
    }

    /**
     * Keeps {@code identity}, which the verified {@code token} gave, until {@code expiresAt} (the
     * token's {@code exp}) at the latest; nothing is kept for a token already expired, nor an
     * identity whose permissions cannot be copied.
     */
    public void remember(String token, Instant expiresAt, SecurityIdentity identity) {
        if (entries == null
                || !(identity instanceof QuarkusSecurityIdentity)
                || !clock.instant().isBefore(expiresAt)) {
            return;
        }
        entries.put(token, new Entry(with(identity, Map.of()), expiresAt));
    }

    /** How many tokens are kept (expired ones may count until they are looked up or evicted). */
    long size() {
        return entries == null ? 0 : entries.estimatedSize();
    }

    /**
     * Gives {@code builder} the permissions of {@code identity}: copied when it is a {@link
     * QuarkusSecurityIdentity} (quarkus-oidc's identities hold their permissions, the token's
     * scopes, in a set), so that the new identity holds no reference to {@code identity} and its
     * request; asked of {@code identity} otherwise.
     */
    static QuarkusSecurityIdentity.Builder withPermissionsOf(
            QuarkusSecurityIdentity.Builder builder, SecurityIdentity identity) {
        if (identity instanceof QuarkusSecurityIdentity quarkus) {
            return builder.addPermissions(quarkus.getPermissions());
        }
        return builder.addPermissionChecker(identity::checkPermission);
    }

    private static SecurityIdentity with(SecurityIdentity identity, Map<String, Object> requestAttributes) {
        QuarkusSecurityIdentity.Builder builder = withPermissionsOf(
                QuarkusSecurityIdentity.builder()
                        .setPrincipal(identity.getPrincipal())
                        .addCredentials(identity.getCredentials())
                        .addRoles(identity.getRoles()),
                identity);
        identity.getAttributes().forEach((name, value) -> {
            if (!REQUEST_ATTRIBUTES.contains(name)) {
                builder.addAttribute(name, value);
            }
        });
        requestAttributes.forEach((name, value) -> {
            if (REQUEST_ATTRIBUTES.contains(name) && value != null) {
                builder.addAttribute(name, value);
            }
        });
        return builder.build();
    }
}
