package dev.ipfence.web.auth;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The claim mapping and the rejection log, built once from {@link AuthConfig}. */
public class AuthBeans {

    @Produces
    @Singleton
    ClaimMapping claimMapping(AuthConfig config) {
        return new ClaimMapping(
                path("ipfence.auth.organization-claim", config.organizationClaim()),
                path("ipfence.auth.roles-claim", config.rolesClaim()));
    }

    @Produces
    @Singleton
    RejectionLog rejectionLog(AuthConfig config) {
        return new RejectionLog(
                Clock.systemUTC(), config.rejectionLogInterval(), config.rejectionLogMaxAddresses(), RejectionLog.INFO);
    }

    private static ClaimPath path(String key, String value) {
        try {
            return ClaimPath.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
