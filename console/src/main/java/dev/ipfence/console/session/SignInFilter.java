package dev.ipfence.console.session;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every page needs a signed-in user, and every change a CSRF token: the header {@code X-CSRF-Token}
 * must carry the token derived from the browser's CSRF cookie (a cross-site page can send neither).
 */
public class SignInFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final Sessions sessions;
    private final CurrentRequest current;
    private final SecurityIdentity identity;

    public SignInFilter(Sessions sessions, CurrentRequest current, SecurityIdentity identity) {
        this.sessions = sessions;
        this.current = current;
        this.identity = identity;
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        Cookie csrfCookie = request.getCookies().get(Sessions.CSRF_COOKIE);
        String binding = csrfCookie == null ? null : csrfCookie.getValue();
        String path = request.getUriInfo().getPath();
        if (sessions.oidc() && path.equals("/sign-out")) {
            // quarkus-oidc answers a signed-in sign-out (the redirect to the provider's logout) before
            // this filter runs; what reaches here has no session left to end
            return Response.seeOther(URI.create("/")).build();
        }
        boolean safe = SAFE.contains(request.getMethod());
        // a sign-out's token (header or query parameter) was checked by SignOutGuard, before authentication
        if (!safe && !path.equals(SignOutGuard.PATH)) {
            String token = request.getHeaderString(Sessions.CSRF_HEADER);
            if (!sessions.codec().csrfMatches(binding, token)) {
                return Response.status(Response.Status.FORBIDDEN)
                        .type("application/problem+json")
                        .entity(
                                "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                                        + "\"detail\":\"The request carries no valid CSRF token (header X-CSRF-Token); reload the page.\"}")
                        .build();
            }
        }
        String newBinding = binding == null ? sessions.newCsrfBinding() : null;
        current.csrf(sessions.codec().csrfToken(binding == null ? newBinding : binding), newBinding);

        if (path.equals("/sign-in") || path.equals("/sign-out")) {
            return null;
        }
        Cookie sessionCookie = request.getCookies().get(Sessions.SESSION_COOKIE);
        Optional<Session> session = sessions.of(identity, sessionCookie == null ? null : sessionCookie.getValue());
        if (session.isPresent()) {
            current.session(session.get());
            return null;
        }
        if (request.getHeaderString("HX-Request") != null) {
            // an htmx request cannot follow a redirect to the provider's login page: the browser
            // loads a page instead, and that page's request signs in
            return Response.status(Response.Status.UNAUTHORIZED)
                    .header("HX-Redirect", sessions.oidc() ? "/" : "/sign-in")
                    .type(MediaType.TEXT_PLAIN)
                    .entity("Signed out: sign in again.")
                    .build();
        }
        if (sessions.oidc()) {
            // the OIDC mechanism answers this with the redirect to the provider's login page
            throw new UnauthorizedException();
        }
        return Response.seeOther(URI.create("/sign-in")).build();
    }

    @ServerResponseFilter
    public void addCsrfCookie(ContainerResponseContext response) {
        String binding = current.newCsrfBinding();
        if (binding != null) {
            response.getHeaders()
                    .add(
                            "Set-Cookie",
                            new NewCookie.Builder(Sessions.CSRF_COOKIE)
                                    .value(binding)
                                    .path("/")
                                    .httpOnly(true)
                                    .sameSite(NewCookie.SameSite.STRICT)
                                    .build());
        }
        response.getHeaders().putSingle("X-Frame-Options", "DENY");
        response.getHeaders().putSingle("Cache-Control", "no-store");
    }
}
