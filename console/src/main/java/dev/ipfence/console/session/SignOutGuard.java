package dev.ipfence.console.session;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Signing out is a change like any other: {@code POST /sign-out} must carry the CSRF token, in the
 * header {@code X-CSRF-Token} (htmx) or the query parameter {@code csrf} (the plain form of the OIDC
 * sign-out, which the browser follows to the provider's logout). The check runs before
 * authentication, because with an OIDC provider quarkus-oidc ends the session while authenticating
 * the request to its logout path, whatever the method; any other method on that path is refused.
 */
@ApplicationScoped
public class SignOutGuard {

    public static final String PATH = "/sign-out";
    public static final String QUERY_PARAMETER = "csrf";

    private final Sessions sessions;

    public SignOutGuard(Sessions sessions) {
        this.sessions = sessions;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, SecurityHandlerPriorities.AUTHENTICATION + 10);
    }

    void check(RoutingContext context) {
        if (!PATH.equals(context.normalizedPath())) {
            context.next();
            return;
        }
        if (context.request().method() != HttpMethod.POST) {
            context.response()
                    .setStatusCode(405)
                    .putHeader("Allow", "POST")
                    .putHeader("Content-Type", "text/plain")
                    .end("Sign out with POST.");
            return;
        }
        Cookie binding = context.request().getCookie(Sessions.CSRF_COOKIE);
        String token = context.request().getHeader(Sessions.CSRF_HEADER);
        if (token == null) {
            token = context.request().getParam(QUERY_PARAMETER);
        }
        if (!sessions.codec().csrfMatches(binding == null ? null : binding.getValue(), token)) {
            context.response()
                    .setStatusCode(403)
                    .putHeader("Content-Type", "application/problem+json")
                    .end(
                            "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                                    + "\"detail\":\"The sign-out carries no valid CSRF token; reload the page and sign out again.\"}");
            return;
        }
        context.next();
    }
}
