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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The organization's IP address policies (rule-service {@code /api/addresses}): list, add, delete. */
@Path("/addresses")
public class AddressesResource {

    /** One address policy as the table shows it. */
    @TemplateData
    public record Row(String id, String ipAddress, String policy, String expireTime, String createTime) {

        static List<Row> of(JsonNode list) {
            List<Row> rows = new ArrayList<>();
            for (JsonNode a : list) {
                rows.add(new Row(
                        a.path("addressId").asText(),
                        a.path("ipAddress").asText(),
                        a.path("policy").asText(),
                        a.path("expireTime").isTextual() ? a.path("expireTime").asText() : "never",
                        a.path("createTime").asText()));
            }
            return rows;
        }
    }

    /** The newest this many are listed (the service's largest page). */
    static final int LIMIT = 1000;

    private final ServiceClient services;
    private final Pages pages;
    private final Template problem;
    private final Template addresses;
    private final Template form;

    public AddressesResource(
            ServiceClient services,
            Pages pages,
            @Location("problem.html") Template problem,
            @Location("addresses.html") Template addresses,
            @Location("address-form.html") Template form) {
        this.services = services;
        this.pages = pages;
        this.problem = problem;
        this.addresses = addresses;
        this.form = form;
    }

    @GET
    public Uni<Response> list(@QueryParam("ip") String ip, @QueryParam("policy") String policy) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("limit", Integer.toString(LIMIT));
        query.put("filter[ip]", ip);
        query.put("filter[policy]", policy);
        return services.get(Service.RULES, "/api/addresses", query)
                .map(response -> pages.html(
                        response.ok() ? 200 : response.status(),
                        pages.of(addresses)
                                .data("rows", response.ok() ? Row.of(response.json()) : null)
                                .data("refusal", response.ok() ? null : response.problemLines())
                                .data("ip", ip == null ? "" : ip)
                                .data("policy", policy == null ? "" : policy)
                                .data("form", FieldForm.empty())));
    }

    @POST
    public Uni<Response> create(
            @FormParam("ipAddress") String ipAddress,
            @FormParam("policy") String policy,
            @FormParam("ttl") String ttl) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ipAddress", ipAddress == null ? "" : ipAddress);
        values.put("policy", policy == null ? "allow" : policy);
        values.put("ttl", ttl == null ? "" : ttl.strip());
        var body = services.object().put("ipAddress", values.get("ipAddress")).put("policy", values.get("policy"));
        if (!values.get("ttl").isEmpty()) {
            try {
                body.put("ttl", Long.parseLong(values.get("ttl")));
            } catch (NumberFormatException e) {
                body.put("ttl", values.get("ttl"));
            }
        }
        return services.send(Service.RULES, HttpMethod.POST, "/api/addresses", body, null)
                .map(response -> response.ok()
                        ? pages.redirect("/addresses")
                        : pages.html(
                                response.status(), pages.of(form).data("form", FieldForm.refused(values, response))));
    }

    @POST
    @Path("{id}/delete")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return services.send(Service.RULES, HttpMethod.DELETE, "/api/addresses/" + id, null, null)
                .map(response -> response.ok() ? pages.redirect("/addresses") : pages.refusal(problem, response));
    }
}
