package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The login IP allowlist (rule-service {@code /api/global/loginIpAllowlists}): list, add, delete. */
@Path("/login-allowlist")
public class LoginAllowlistResource {

    private static final String API = "/api/global/loginIpAllowlists";

    /** One range of the allowlist. */
    @TemplateData
    public record Row(String id, String from, String to) {

        static List<Row> of(JsonNode list) {
            List<Row> rows = new ArrayList<>();
            for (JsonNode range : list) {
                rows.add(new Row(
                        range.path("id").asText(),
                        range.path("ipRangeFrom").asText(),
                        range.path("ipRangeTo").asText()));
            }
            return rows;
        }
    }

    private final ServiceClient services;
    private final Pages pages;
    private final Template problem;
    private final Template allowlist;
    private final Template form;

    public LoginAllowlistResource(
            ServiceClient services,
            Pages pages,
            @Location("problem.html") Template problem,
            @Location("login-allowlist.html") Template allowlist,
            @Location("login-range-form.html") Template form) {
        this.services = services;
        this.pages = pages;
        this.problem = problem;
        this.allowlist = allowlist;
        this.form = form;
    }

    @GET
    public Uni<Response> list() {
        return services.get(Service.RULES, API)
                .map(response -> pages.html(
                        response.ok() ? 200 : response.status(),
                        pages.of(allowlist)
                                .data("rows", response.ok() ? Row.of(response.json()) : null)
                                .data("refusal", response.ok() ? null : response.problemLines())
                                .data("form", FieldForm.empty())));
    }

    @POST
    public Uni<Response> create(@FormParam("ipRangeFrom") String from, @FormParam("ipRangeTo") String to) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ipRangeFrom", from == null ? "" : from);
        values.put("ipRangeTo", to == null ? "" : to);
        var body = services.object()
                .put("ipRangeFrom", values.get("ipRangeFrom"))
                .put("ipRangeTo", values.get("ipRangeTo"));
        return services.send(Service.RULES, HttpMethod.POST, API, body, null)
                .map(response -> response.ok()
                        ? pages.redirect("/login-allowlist")
                        : pages.html(
                                response.status(), pages.of(form).data("form", FieldForm.refused(values, response))));
    }

    @POST
    @Path("{id}/delete")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return services.send(Service.RULES, HttpMethod.DELETE, API + "/" + id, null, null)
                .map(response -> response.ok() ? pages.redirect("/login-allowlist") : pages.refusal(problem, response));
    }
}
