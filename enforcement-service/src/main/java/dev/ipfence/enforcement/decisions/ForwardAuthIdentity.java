package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.policy.Identity;
import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.web.auth.ClaimMapping;
import dev.ipfence.web.auth.ClaimPath;
import dev.ipfence.web.auth.JwtPayload;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Who a forward-auth request is for: the user of a bearer token verified with this service's own
 * OIDC settings (the ones that verify API tokens), else the user an authenticating proxy names in
 * headers (when on, and only from a trusted proxy), else nobody.
 *
 * <p>A token that fails verification (signature, expiry, issuer, audience) or that belongs to
 * another organization is <b>no identity</b>, not an error: the request is anonymous, and an
 * anonymous request names no user and no device, so it matches no policy's subject and is DENY
 * {@code NO_POLICY} wherever a policy covers its resource. Ignoring a bad token can only take
 * access away, never give it; answering it with an error instead would hand the proxy a status it
 * might treat as allow.
 */
@Singleton
public class ForwardAuthIdentity {

    private static final Logger LOG = Logger.getLogger(ForwardAuthIdentity.class);

    /** Where an identity was looked for. */
    public enum Source {
        BEARER,
        HEADERS,
        NONE
    }

    /** What came of it; every outcome but {@code VERIFIED} and {@code ACCEPTED} leaves the request anonymous. */
    public enum Outcome {
        /** a bearer token verified, of the environment's organization */
        VERIFIED,
        /** a bearer token that failed verification */
        INVALID,
        /** a verified token without the environment's organization in its organization claim */
        OTHER_ORG,
        /** a token's claims or the headers over the limits of a decision request */
        OVER_LIMITS,
        /** identity headers from a trusted proxy */
        ACCEPTED,
        /** identity headers from a peer that is not a trusted proxy */
        UNTRUSTED_PEER,
        /** no token and no identity headers */
        ANONYMOUS
    }

    /** The user found ({@code null}: none) and how it went. */
    public record Found(Identity.User user, Outcome outcome) {
        static Found none(Outcome outcome) {
            return new Found(null, outcome);
        }
    }

    private final TenantIdentityProvider tokens;
    private final ClaimMapping mapping;
    private final TrustedIdentityHeaders headers;
    private final ClaimPath groupsClaim;
    private final ClaimPath departmentClaim;
    private final Counter[][] counters;

    public ForwardAuthIdentity(
            TenantIdentityProvider tokens,
            ClaimMapping mapping,
            ClientAddresses clients,
            EnforcementConfig config,
            MeterRegistry registry) {
        this.tokens = tokens;
        this.mapping = mapping;
        this.headers = new TrustedIdentityHeaders(config.forwardAuth().identityHeaders(), clients);
        this.groupsClaim = path(
                "ipfence.enforcement.forward-auth.identity.groups-claim",
                config.forwardAuth().identity().groupsClaim());
        this.departmentClaim = path(
                "ipfence.enforcement.forward-auth.identity.department-claim",
                config.forwardAuth().identity().departmentClaim());
        this.counters = new Counter[Source.values().length][Outcome.values().length];
        for (Source source : Source.values()) {
            for (Outcome outcome : Outcome.values()) {
                counters[source.ordinal()][outcome.ordinal()] = Counter.builder("ipfence.forward.auth.identity")
                        .description("Identities looked for by forward-auth, by source and outcome")
                        .tag("source", source.name().toLowerCase(Locale.ROOT))
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }

    /** The token of an {@code Authorization: Bearer} header; null for none or another scheme. */
    static String bearer(String authorization) {
        if (authorization == null
                || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /**
     * The user of a bearer token for an environment of {@code org} (null: unknown environment);
     * a null item when it names none here. Never fails.
     */
    public Uni<Identity.User> fromBearer(String token, UUID org) {
        return tokens.authenticate(new AccessTokenCredential(token))
                .map(verified -> TokenClaims.user(JwtPayload.claims(token), org, mapping, groupsClaim, departmentClaim))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.debugf("forward-auth: bearer token not accepted, request is anonymous: %s", failure.toString());
                    return Found.none(Outcome.INVALID);
                })
                .map(found -> {
                    if (found.outcome() == Outcome.OTHER_ORG) {
                        LOG.debugf("forward-auth: token of another organization than %s, request is anonymous", org);
                    }
                    count(Source.BEARER, found.outcome());
                    return found.user();
                });
    }

    /**
     * The user trusted identity headers name, counted; null when none. {@code afterToken}: a bearer
     * token was tried first (and counted), so a request without headers is not counted again.
     */
    public Identity.User fromHeaders(MultiMap requestHeaders, String peer, boolean afterToken) {
        Found found = headers.read(requestHeaders, peer);
        if (found == null) {
            if (!afterToken) {
                count(Source.NONE, Outcome.ANONYMOUS);
            }
            return null;
        }
        if (found.outcome() == Outcome.UNTRUSTED_PEER) {
            LOG.debugf("forward-auth: identity headers from %s, not a trusted proxy: ignored", peer);
        }
        count(Source.HEADERS, found.outcome());
        return found.user();
    }

    private void count(Source source, Outcome outcome) {
        counters[source.ordinal()][outcome.ordinal()].increment();
    }

    private static ClaimPath path(String key, String value) {
        try {
            return ClaimPath.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
