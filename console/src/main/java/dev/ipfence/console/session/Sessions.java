package dev.ipfence.console.session;

import dev.ipfence.console.ConsoleConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where a request's session comes from: the OIDC provider's sign-in, or the development sign-in cookie. */
@ApplicationScoped
public class Sessions {

    public static final String SESSION_COOKIE = "ipfence-console-session";
    public static final String CSRF_COOKIE = "ipfence-console-csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final SessionCodec codec;
    private final boolean oidc;
    private final boolean devSignIn;
    private final SecureRandom random = new SecureRandom();

    public Sessions(ConsoleConfig config, @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean oidc) {
        this.codec = new SessionCodec(secret(config));
        this.oidc = oidc;
        this.devSignIn = config.devSignIn().enabled();
    }

    public boolean oidc() {
        return oidc;
    }

    public boolean devSignIn() {
        return devSignIn;
    }

    public SessionCodec codec() {
        return codec;
    }

    /** The session of a request: the OIDC identity when the provider signed the user in, else the cookie's. */
    public Optional<Session> of(SecurityIdentity identity, String cookie) {
        if (oidc && identity != null && !identity.isAnonymous()) {
            AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
            if (token != null) {
                return Optional.of(new Session(
                        identity.getPrincipal().getName(),
                        Set.copyOf(identity.getRoles()),
                        token.getToken(),
                        Instant.MAX));
            }
        }
        if (devSignIn) {
            return codec.decode(cookie, Instant.now());
        }
        return Optional.empty();
    }

    /** A fresh random value for the CSRF cookie. */
    public String newCsrfBinding() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private byte[] secret(ConsoleConfig config) {
        if (config.sessionSecret().isPresent()) {
            byte[] secret = config.sessionSecret().get().getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IllegalStateException(
                        "ipfence.console.session-secret must have at least 32 characters, it has " + secret.length);
            }
            return secret;
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return secret;
    }
}
