package dev.ipfence.enforcement.common;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The optional shared token of the decision endpoints, compared in constant time. */
@Singleton
public class SharedToken {

    public static final String HEADER = "X-Ipfence-Token";

    /** How the OpenAPI document describes {@link #HEADER} on every {@code /v1} operation. */
    public static final String DESCRIPTION = "The shared token: required (else 401) when"
            + " ipfence.enforcement.shared-token is set, ignored otherwise";

    private final byte[] expected;

    public SharedToken(EnforcementConfig config) {
        this.expected = config.sharedToken()
                .filter(token -> !token.isBlank())
                .map(token -> token.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
    }

    /** True when no token is configured, or {@code given} is it. */
    public boolean accepts(String given) {
        return expected == null
                || (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8)));
    }

    public static String missingDetail() {
        return "This endpoint needs the shared token in the " + HEADER + " header.";
    }
}
