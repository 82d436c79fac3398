package dev.ipfence.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Everything the console reads from configuration (prefix {@code ipfence.console}). */
@ConfigMapping(prefix = "ipfence.console")
public interface ConsoleConfig {

    /** Base URL of rule-service. */
    @WithDefault("http://127.0.0.1:8081")
    String rulesUrl();

    /** Base URL of enforcement-service. */
    @WithDefault("http://127.0.0.1:8082")
    String enforcementUrl();

    /** Base URL of audit-service. */
    @WithDefault("http://127.0.0.1:8083")
    String auditUrl();

    /** Timeout of one call to a service. */
    @WithDefault("10s")
    Duration callTimeout();

    /** Rules shown on one page of a rule table. */
    @WithDefault("25")
    int pageSize();

    /**
     * Longest time range the blocked-attempts page shows (a custom since/until included); the chart
     * counts per minute up to 6 hours and per hour beyond, so with the audit service's default of
     * 1,500 buckets at most 62 days.
     */
    @WithDefault("31d")
    Duration attemptsMaxRange();

    /**
     * Secret the session cookie is encrypted with and the CSRF tokens are derived from, at least 32
     * characters. Unset: a random one per process (sessions end when the console restarts, and
     * several replicas need the same secret).
     */
    Optional<String> sessionSecret();

    /** How long a sign-in lasts. */
    @WithDefault("8h")
    Duration sessionLifetime();

    /** Sign-in without an OIDC provider, for a development machine only. */
    DevSignIn devSignIn();

    interface DevSignIn {

        /** Off unless set; the console refuses to start with it on a non-loopback address. */
        @WithDefault("false")
        boolean enabled();

        /** PEM private key the development tokens are signed with ({@code .ipfence/keys/private.pem}). */
        Optional<Path> keyFile();

        /** The organization the development users belong to. */
        Optional<String> org();

        /** Issuer of the development tokens; the services must trust it. */
        @WithDefault("https://ipfence.local/dev")
        String issuer();

        /** Audience of the development tokens. */
        @WithDefault("ipfence")
        String audience();
    }
}
