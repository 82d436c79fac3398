package dev.ipfence.console.web;

import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** The organization's projects and environments: the tree, and creating projects and environments. */
@Path("/")
public class HomeResource {

    private final Hierarchy hierarchy;
    private final ServiceClient services;
    private final Pages pages;
    private final Template home;
    private final Template nameForm;
    private final Template deleteRefused;

    public HomeResource(
            Hierarchy hierarchy,
            ServiceClient services,
            Pages pages,
            @Location("home.html") Template home,
            @Location("name-form.html") Template nameForm,
            @Location("delete-refused.html") Template deleteRefused) {
        this.hierarchy = hierarchy;
        this.services = services;
        this.pages = pages;
        this.home = home;
        this.nameForm = nameForm;
        this.deleteRefused = deleteRefused;
    }

    @GET
    public Uni<Response> tree() {
        return hierarchy
                .tree()
                .map(tree -> pages.html(pages.of(home)
                        .data("projects", tree.projects())
                        .data(
                                "refusal",
                                tree.refusal() == null ? null : tree.refusal().problemLines())));
    }

    @POST
    @Path("projects")
    public Uni<Response> createProject(@FormParam("name") String name) {
        return create("/api/projects", name, "project-form", "/api/projects");
    }

    @POST
    @Path("projects/{projectId}/environments")
    public Uni<Response> createEnvironment(@PathParam("projectId") UUID projectId, @FormParam("name") String name) {
        String path = "/api/projects/" + projectId + "/environments";
        return create(path, name, "env-form-" + projectId, "/projects/" + projectId + "/environments");
    }

    @POST
    @Path("{kind: projects|environments}/{id}/rename")
    public Uni<Response> rename(
            @PathParam("kind") String kind, @PathParam("id") UUID id, @FormParam("name") String name) {
        return services.send(
                        Service.RULES,
                        HttpMethod.PATCH,
                        "/api/" + kind + "/" + id,
                        services.object().put("name", name),
                        null)
                .map(response -> response.ok() ? pages.redirect("/") : refusal(kind, id, response, false));
    }

    /**
     * Deletes a project or environment. The service refuses (409) while it still holds environments
     * or rules, unless {@code cascade} is set: the answer then offers to delete everything in it.
     */
    @POST
    @Path("{kind: projects|environments}/{id}/delete")
    public Uni<Response> delete(
            @PathParam("kind") String kind, @PathParam("id") UUID id, @FormParam("cascade") boolean cascade) {
        return services.send(
                        Service.RULES,
                        HttpMethod.DELETE,
                        "/api/" + kind + "/" + id + (cascade ? "?cascade=true" : ""),
                        null,
                        null)
                .map(response -> response.ok() ? pages.redirect("/") : refusal(kind, id, response, true));
    }

    private Response refusal(String kind, UUID id, dev.ipfence.console.api.ApiResponse response, boolean deleting) {
        return pages.html(
                response.status(),
                pages.of(deleteRefused)
                        .data("lines", response.problemLines())
                        .data("cascade", deleting && response.status() == 409)
                        .data("what", kind.equals("projects") ? "project" : "environment")
                        .data("action", "/" + kind + "/" + id + "/delete"));
    }

    private Uni<Response> create(String api, String name, String formId, String action) {
        return services.send(
                        Service.RULES, HttpMethod.POST, api, services.object().put("name", name), null)
                .map(response -> response.ok()
                        ? pages.redirect("/")
                        : pages.html(
                                response.status(),
                                pages.of(nameForm)
                                        .data("formId", formId)
                                        .data("action", action.replace("/api", ""))
                                        .data("name", name)
                                        .data("error", String.join(" ", response.problemLines()))));
    }
}
