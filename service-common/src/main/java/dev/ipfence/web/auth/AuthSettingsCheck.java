package dev.ipfence.web.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Refuses to start with bearer token settings that would accept too much or nothing at all, and
 * logs the ones in force: exactly one of a public key and a provider URL; a public key only with
 * the issuer it must check (a key alone would take any {@code iss}); valid claim paths.
 */
@ApplicationScoped
public class AuthSettingsCheck {

    private static final Logger LOG = Logger.getLogger(AuthSettingsCheck.class);

    void onStart(@Observes StartupEvent start, ClaimMapping mapping, AuthConfig auth) {
        Config config = ConfigProvider.getConfig();
        String problem = problem(
                value(config, "quarkus.oidc.public-key"),
                value(config, "quarkus.oidc.auth-server-url"),
                value(config, "quarkus.oidc.token.issuer"));
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        LOG.infof(
                "Bearer tokens: %s, issuer %s, audience %s; organization from claim %s, roles from claim %s;"
                        + " refusals logged once per cause and address every %s",
                value(config, "quarkus.oidc.auth-server-url")
                        .map(url -> "keys of the provider " + url)
                        .orElse("the configured public key"),
                value(config, "quarkus.oidc.token.issuer").orElse("of the provider's discovery document"),
                value(config, "quarkus.oidc.token.audience").orElse("not checked"),
                mapping.organizationClaim(),
                mapping.rolesClaim(),
                auth.rejectionLogInterval());
    }

    /** What is wrong with these settings (present values only), or null. */
    static String problem(Optional<String> publicKey, Optional<String> authServerUrl, Optional<String> issuer) {
        if (publicKey.isPresent() && authServerUrl.isPresent()) {
            return "Both IPFENCE_OIDC_PUBLIC_KEY (quarkus.oidc.public-key) and IPFENCE_OIDC_AUTH_SERVER_URL"
                    + " (quarkus.oidc.auth-server-url) are set: set one, a fixed key or a provider.";
        }
        if (publicKey.isEmpty() && authServerUrl.isEmpty()) {
            return "Neither IPFENCE_OIDC_PUBLIC_KEY (quarkus.oidc.public-key) nor IPFENCE_OIDC_AUTH_SERVER_URL"
                    + " (quarkus.oidc.auth-server-url) is set: bearer tokens cannot be verified.";
        }
        if (publicKey.isPresent() && issuer.isEmpty()) {
            return "IPFENCE_OIDC_PUBLIC_KEY (quarkus.oidc.public-key) is set without IPFENCE_OIDC_ISSUER"
                    + " (quarkus.oidc.token.issuer): set the issuer the key's tokens carry, or tokens of any"
                    + " issuer would be accepted.";
        }
        return null;
    }

    private static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(value -> !value.isBlank());
    }
}
