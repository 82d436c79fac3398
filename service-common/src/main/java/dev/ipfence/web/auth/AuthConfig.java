package dev.ipfence.web.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every service reads bearer tokens beyond their verification (docs/operations.md, "Authentication"). */
@ConfigMapping(prefix = "ipfence.auth")
public interface AuthConfig {

    /** The claim with the caller's organization, a UUID string: a {@link ClaimPath}. */
    @WithDefault("org_id")
    String organizationClaim();

    /** The claim with the caller's roles, a list of strings or a space-separated string: a {@link ClaimPath}. */
    @WithDefault("groups")
    String rolesClaim();

    /**
     * A rejected token or API key is logged at INFO once per cause and client address in this
     * interval; the others of the interval are not logged. 0 logs every rejection.
     */
    @WithDefault("1m")
    Duration rejectionLogInterval();

    /** How many (cause, address) pairs the rejection log remembers; beyond, it remembers causes only. */
    @WithDefault("10000")
    int rejectionLogMaxAddresses();

    /**
     * A verified bearer token is accepted again without verifying it for at most this long, never
     * past its expiry ({@link VerifiedTokens}); 0 verifies every request.
     */
    @WithDefault("30s")
    Duration tokenCacheTtl();

    /** How many verified bearer tokens are kept for {@link #tokenCacheTtl()}; 0 keeps none. */
    @WithDefault("10000")
    int tokenCacheMaxSize();
}
