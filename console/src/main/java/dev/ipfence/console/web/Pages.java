package dev.ipfence.console.web;

import dev.ipfence.console.api.ApiResponse;
import dev.ipfence.console.session.CurrentRequest;
import dev.ipfence.console.session.Sessions;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Renders pages and fragments with what every page shows: the signed-in user and the CSRF token. */
@ApplicationScoped
public class Pages {

    private final CurrentRequest current;
    private final Sessions sessions;

    public Pages(CurrentRequest current, Sessions sessions) {
        this.current = current;
        this.sessions = sessions;
    }

    public TemplateInstance of(Template template) {
        return template.data("user", current.signedIn() ? current.session() : null)
                .data("csrf", current.csrfToken())
                .data("oidc", sessions.oidc());
    }

    public Response html(int status, TemplateInstance page) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.render())
                .build();
    }

    public Response html(TemplateInstance page) {
        return html(200, page);
    }

    /** After a change made through htmx: load {@code location} as a new page. */
    public Response redirect(String location) {
        return Response.noContent().header("HX-Redirect", location).build();
    }

    /** A refusal the page cannot place at a field: the service's status and its words. */
    public Response refusal(Template errorFragment, ApiResponse response) {
        return html(response.status(), of(errorFragment).data("lines", response.problemLines()));
    }
}
