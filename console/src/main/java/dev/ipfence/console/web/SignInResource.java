package dev.ipfence.console.web;

import dev.ipfence.console.ConsoleConfig;
import dev.ipfence.console.session.DevTokenMinter;
import dev.ipfence.console.session.DevUser;
import dev.ipfence.console.session.Session;
import dev.ipfence.console.session.Sessions;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The development sign-in (no OIDC provider) and signing out. */
@Path("/")
public class SignInResource {

    private final Sessions sessions;
    private final ConsoleConfig config;
    private final Pages pages;
    private final Template signIn;
    private DevTokenMinter minter;

    public SignInResource(
            Sessions sessions, ConsoleConfig config, Pages pages, @Location("sign-in.html") Template signIn) {
        this.sessions = sessions;
        this.config = config;
        this.pages = pages;
        this.signIn = signIn;
    }

    @GET
    @Path("sign-in")
    public Response page() {
        if (!sessions.devSignIn()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return pages.html(
                pages.of(signIn).data("users", List.of(DevUser.values())).data("org", minter().org()));
    }

    @POST
    @Path("sign-in")
    public Response signIn(@FormParam("user") String subject) {
        if (!sessions.devSignIn()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        DevUser user = DevUser.bySubject(subject == null ? "" : subject).orElse(null);
        if (user == null) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .type("text/plain")
                    .entity("user: no development user \"" + subject + "\"")
                    .build();
        }
        Instant now = Instant.now();
        String token = minter().mint(user.subject(), user.roles(), now, config.sessionLifetime());
        Session session =
                new Session(user.subject(), Set.copyOf(user.roles()), token, now.plus(config.sessionLifetime()));
        return Response.fromResponse(pages.redirect("/"))
                .cookie(new NewCookie.Builder(Sessions.SESSION_COOKIE)
                        .value(sessions.codec().encode(session))
                        .path("/")
                        .httpOnly(true)
                        .sameSite(NewCookie.SameSite.LAX)
                        .maxAge((int) config.sessionLifetime().toSeconds())
                        .build())
                .build();
    }

    @POST
    @Path("sign-out")
    public Response signOut() {
        return Response.fromResponse(pages.redirect("/sign-in"))
                .cookie(new NewCookie.Builder(Sessions.SESSION_COOKIE)
                        .value("")
                        .path("/")
                        .httpOnly(true)
                        .maxAge(0)
                        .build())
                .build();
    }

    private synchronized DevTokenMinter minter() {
        if (minter == null) {
            minter = new DevTokenMinter(config.devSignIn());
        }
        return minter;
    }
}
