package dev.ipfence.enforcement.common;

import dev.ipfence.web.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * When {@code ipfence.enforcement.shared-token} is set, the decision endpoints ({@code /v1/...})
 * answer only requests carrying it in {@code X-Ipfence-Token}. Compared in constant time.
 */
public class SharedTokenFilter {

    public static final String HEADER = "X-Ipfence-Token";

    private final byte[] expected;

    public SharedTokenFilter(EnforcementConfig config) {
        this.expected = config.sharedToken()
                .filter(token -> !token.isBlank())
                .map(token -> token.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        if (expected == null || !request.getUriInfo().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        String given = request.getHeaderString(HEADER);
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(
                        Response.Status.UNAUTHORIZED,
                        "This endpoint needs the shared token in the " + HEADER + " header.",
                        request.getUriInfo().getPath())
                .toResponse());
    }
}
