package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.console.api.ApiResponse;
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

/**
 * The zero-trust layer (rule-service {@code /api/tenants/...}): admission rules with their CEL
 * conditions, policy groups and policies; list, create, delete.
 */
@Path("/zero-trust")
public class ZeroTrustResource {

    /** One admission rule, group or policy as the tables show it. */
    @TemplateData
    public record Row(String id, String name, String kind, String detail) {}

    /** The three lists, or the refusal of the first that failed. */
    @TemplateData
    public record Lists(List<Row> admissionRules, List<Row> groups, List<Row> policies, List<String> refusal) {}

    private static final String API = "/api/tenants/";

    private final ServiceClient services;
    private final Pages pages;
    private final Template problem;
    private final Template page;
    private final Template admissionForm;
    private final Template groupForm;
    private final Template policyForm;

    public ZeroTrustResource(
            ServiceClient services,
            Pages pages,
            @Location("problem.html") Template problem,
            @Location("zero-trust.html") Template page,
            @Location("admission-rule-form.html") Template admissionForm,
            @Location("group-form.html") Template groupForm,
            @Location("policy-form.html") Template policyForm) {
        this.services = services;
        this.pages = pages;
        this.problem = problem;
        this.page = page;
        this.admissionForm = admissionForm;
        this.groupForm = groupForm;
        this.policyForm = policyForm;
    }

    @GET
    public Uni<Response> show() {
        return lists().map(lists -> pages.html(pages.of(page)
                .data("lists", lists)
                .data("ruleForm", FieldForm.empty())
                .data("pointer", "")
                .data("groupForm", FieldForm.empty())
                .data("policyForm", FieldForm.empty())));
    }

    @POST
    @Path("admission-rules")
    public Uni<Response> createAdmissionRule(
            @FormParam("name") String name, @FormParam("type") String type, @FormParam("rule") String rule) {
        Map<String, String> values = values("name", name, "type", type, "rule", rule);
        ObjectNode body = services.object()
                .put("name", values.get("name"))
                .put("type", values.get("type"))
                .put("rule", values.get("rule"))
                .put("hasTimeConstraint", false);
        return services.send(Service.RULES, HttpMethod.POST, API + "admission-rules", body, null)
                .map(response -> {
                    if (response.ok()) {
                        return pages.redirect("/zero-trust");
                    }
                    FieldForm form = FieldForm.refused(values, response);
                    return pages.html(
                            response.status(),
                            pages.of(admissionForm)
                                    .data("ruleForm", form)
                                    .data(
                                            "pointer",
                                            CelErrorPointer.of(values.get("rule"), form.error("rule"))
                                                    .orElse("")));
                });
    }

    @POST
    @Path("groups")
    public Uni<Response> createGroup(@FormParam("name") String name, @FormParam("maxDevices") String maxDevices) {
        Map<String, String> values = values("name", name, "maxDevices", maxDevices);
        ObjectNode body = services.object().put("name", values.get("name"));
        number(body, "maxDevices", values.get("maxDevices"));
        return services.send(Service.RULES, HttpMethod.POST, API + "groups", body, null)
                .map(response -> response.ok()
                        ? pages.redirect("/zero-trust")
                        : pages.html(
                                response.status(),
                                pages.of(groupForm).data("groupForm", FieldForm.refused(values, response))));
    }

    @POST
    @Path("policies")
    public Uni<Response> createPolicy(
            @FormParam("name") String name,
            @FormParam("type") String type,
            @FormParam("action") String action,
            @FormParam("rule") String rule,
            @FormParam("groups") List<String> groups,
            @FormParam("resources") String resources,
            @FormParam("allUsers") boolean allUsers) {
        Map<String, String> values = values(
                "name", name, "type", type, "action", action, "rule", rule, "resources", resources, "groups", "");
        values.put("allUsers", Boolean.toString(allUsers));
        ObjectNode body = services.object()
                .put("name", values.get("name"))
                .put("type", values.get("type"))
                .put("action", !"deny".equals(values.get("action")))
                .put("allUsers", allUsers);
        if (!values.get("rule").isBlank()) {
            body.put("rule", values.get("rule"));
        }
        ArrayNode groupIds = body.putArray("groups");
        (groups == null ? List.<String>of() : groups).forEach(groupIds::add);
        ArrayNode resourceIds = body.putArray("resources");
        for (String resource : values.get("resources").split(",")) {
            if (!resource.isBlank()) {
                resourceIds.add(resource.strip());
            }
        }
        body.put("allResources", resourceIds.isEmpty());
        return services.send(Service.RULES, HttpMethod.POST, API + "policies", body, null)
                .flatMap(response -> response.ok()
                        ? Uni.createFrom().item(pages.redirect("/zero-trust"))
                        : lists().map(lists -> pages.html(
                                response.status(),
                                pages.of(policyForm)
                                        .data("lists", lists)
                                        .data("policyForm", FieldForm.refused(values, response)))));
    }

    @POST
    @Path("{kind: admission-rules|groups|policies}/{id}/delete")
    public Uni<Response> delete(@PathParam("kind") String kind, @PathParam("id") UUID id) {
        return services.send(Service.RULES, HttpMethod.DELETE, API + kind + "/" + id, null, null)
                .map(response -> response.ok() ? pages.redirect("/zero-trust") : pages.refusal(problem, response));
    }

    private Uni<Lists> lists() {
        Uni<ApiResponse> rules = services.get(Service.RULES, API + "admission-rules");
        Uni<ApiResponse> groups = services.get(Service.RULES, API + "groups");
        Uni<ApiResponse> policies = services.get(Service.RULES, API + "policies");
        return Uni.combine().all().unis(rules, groups, policies).asTuple().map(all -> {
            for (ApiResponse response : List.of(all.getItem1(), all.getItem2(), all.getItem3())) {
                if (!response.ok()) {
                    return new Lists(List.of(), List.of(), List.of(), response.problemLines());
                }
            }
            return new Lists(
                    rows(
                            all.getItem1().json(),
                            r -> r.path("type").asText(),
                            r -> r.path("rule").asText()),
                    rows(
                            all.getItem2().json(),
                            r -> "",
                            r -> "at most " + r.path("maxDevices").asText() + " devices"),
                    rows(
                            all.getItem3().json(),
                            r -> r.path("action").asBoolean() ? "allow" : "deny",
                            r -> r.path("type").asText()),
                    null);
        });
    }

    private static List<Row> rows(
            JsonNode body,
            java.util.function.Function<JsonNode, String> kind,
            java.util.function.Function<JsonNode, String> detail) {
        JsonNode list = body.isArray() ? body : body.path("items");
        List<Row> rows = new ArrayList<>();
        for (JsonNode item : list) {
            rows.add(new Row(
                    item.path("id").asText(), item.path("name").asText(), kind.apply(item), detail.apply(item)));
        }
        return rows;
    }

    private static Map<String, String> values(String... namesAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1] == null ? "" : namesAndValues[i + 1]);
        }
        return values;
    }

    /** A number as a number; anything else as typed, so the service names it in its refusal. */
    private static void number(ObjectNode body, String field, String value) {
        if (value.isBlank()) {
            return;
        }
        try {
            body.put(field, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            body.put(field, value);
        }
    }
}
