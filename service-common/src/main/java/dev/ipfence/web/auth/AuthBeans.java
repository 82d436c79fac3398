package dev.ipfence.web.auth;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** The claim mapping, the rejection log and the verified tokens, built once from {@link AuthConfig}. */
public class AuthBeans {

    private static final Logger LOG = Logger.getLogger(AuthBeans.class);

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

    @Produces
    @Singleton
    VerifiedTokens verifiedTokens(AuthConfig config) {
        String perRequestCheck = perRequestTokenCheck(ConfigProvider.getConfig());
        if (perRequestCheck != null) {
            LOG.infof("Bearer tokens are verified on every request: %s is set.", perRequestCheck);
            return new VerifiedTokens(Duration.ZERO, 0);
        }
        return new VerifiedTokens(config.tokenCacheTtl(), config.tokenCacheMaxSize());
    }

    /**
     * The quarkus-oidc setting in force that checks each request beyond its token (so that a
     * verified token must not be kept), or null when none is.
     */
    static String perRequestTokenCheck(Config config) {
        if (config.getOptionalValue("quarkus.oidc.token.age", String.class).isPresent()) {
            return "quarkus.oidc.token.age";
        }
        if (config.getOptionalValue("quarkus.oidc.token.binding.certificate", Boolean.class)
                .orElse(false)) {
            return "quarkus.oidc.token.binding.certificate";
        }
        String scheme = config.getOptionalValue("quarkus.oidc.token.authorization-scheme", String.class)
                .orElse("Bearer");
        return scheme.equalsIgnoreCase("Bearer") ? null : "quarkus.oidc.token.authorization-scheme=" + scheme;
    }

    private static ClaimPath path(String key, String value) {
        try {
            return ClaimPath.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
