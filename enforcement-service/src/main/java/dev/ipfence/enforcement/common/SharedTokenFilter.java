package dev.ipfence.enforcement.common;

import dev.ipfence.web.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** The shared token check for the REST endpoints under {@code /v1} (forward-auth checks it itself). */
public class SharedTokenFilter {

    private final SharedToken token;

    public SharedTokenFilter(SharedToken token) {
        this.token = token;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")
                || token.accepts(request.getHeaderString(SharedToken.HEADER))) {
            return Optional.empty();
        }
        return Optional.of(Problem.of(
                        Response.Status.UNAUTHORIZED,
                        SharedToken.missingDetail(),
                        request.getUriInfo().getPath())
                .toResponse());
    }
}
