package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.Set;
import java.util.UUID;

/**
 * The zero-trust layer (rule-service {@code /api/tenants/...}): admission rules with their CEL
 * conditions, policy groups and policies; list, create, edit (the update carries the version the
 * form was opened at as {@code If-Match}, and a 412 says someone else changed it), delete.
 */
@Path("/zero-trust")
public class ZeroTrustResource {

    /** One admission rule, group or policy as the tables show it. */
    @TemplateData
    public record Row(String id, String name, String kind, String detail) {}

    /** The three lists, or the refusal of the first that failed. */
    @TemplateData
    public record Lists(List<Row> admissionRules, List<Row> groups, List<Row> policies, List<String> refusal) {}

    /** The entity being edited: its kind (path segment), id, the version the form was opened at, its name. */
    @TemplateData
    public record Edit(String kind, String id, String version, String name) {}

    /** A group a policy form offers. */
    @TemplateData
    public record GroupOption(String id, String name, boolean selected) {}

    private static final String API = "/api/tenants/";
    private static final String CHANGED =
            "This was changed by someone else since you opened it. Reload it to see their change, then edit again.";

    private final ServiceClient services;
    private final Pages pages;
    private final Template problem;
    private final Template page;
    private final Template admissionForm;
    private final Template groupForm;
    private final Template policyForm;
    private final Template editPage;

    public ZeroTrustResource(
            ServiceClient services,
            Pages pages,
            @Location("problem.html") Template problem,
            @Location("zero-trust.html") Template page,
            @Location("admission-rule-form.html") Template admissionForm,
            @Location("group-form.html") Template groupForm,
            @Location("policy-form.html") Template policyForm,
            @Location("zero-trust-edit.html") Template editPage) {
        this.services = services;
        this.pages = pages;
        this.problem = problem;
        this.page = page;
        this.admissionForm = admissionForm;
        this.groupForm = groupForm;
        this.policyForm = policyForm;
        this.editPage = editPage;
    }

    @GET
    public Uni<Response> show() {
        return lists().map(lists -> pages.html(pages.of(page)
                .data("edit", null)
                .data("lists", lists)
                .data("groupOptions", groupOptions(lists, ""))
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
        ObjectNode body = admissionRuleBody(values).put("hasTimeConstraint", false);
        return services.send(Service.RULES, HttpMethod.POST, API + "admission-rules", body, null)
                .map(response -> response.ok()
                        ? pages.redirect("/zero-trust")
                        : admissionRuleForm(values, FieldForm.refused(values, response), null, response.status()));
    }

    @GET
    @Path("{kind: admission-rules|groups|policies}/{id}/edit")
    public Uni<Response> edit(@PathParam("kind") String kind, @PathParam("id") UUID id) {
        Uni<ApiResponse> entity = services.get(Service.RULES, API + kind + "/" + id);
        return Uni.combine().all().unis(entity, lists()).asTuple().map(both -> {
            ApiResponse response = both.getItem1();
            if (!response.ok()) {
                return pages.html(
                        response.status(),
                        pages.of(editPage)
                                .data("kind", kind)
                                .data("edit", null)
                                .data("lines", response.problemLines()));
            }
            JsonNode current = response.json();
            Edit edit = new Edit(
                    kind,
                    id.toString(),
                    current.path("version").asText(),
                    current.path("name").asText());
            Map<String, String> values = formValues(kind, current);
            return pages.html(pages.of(editPage)
                    .data("kind", kind)
                    .data("lines", null)
                    .data("edit", edit)
                    .data("lists", both.getItem2())
                    .data("groupOptions", groupOptions(both.getItem2(), values.get("groups")))
                    .data("ruleForm", FieldForm.of(values))
                    .data("groupForm", FieldForm.of(values))
                    .data("policyForm", FieldForm.of(values))
                    .data("pointer", ""));
        });
    }

    @POST
    @Path("admission-rules/{id}")
    public Uni<Response> updateAdmissionRule(
            @PathParam("id") UUID id,
            @FormParam("version") String version,
            @FormParam("name") String name,
            @FormParam("type") String type,
            @FormParam("rule") String rule) {
        Map<String, String> values = values("name", name, "type", type, "rule", rule);
        Edit edit = new Edit("admission-rules", id.toString(), version, values.get("name"));
        return update(edit, admissionRuleBody(values)).map(response -> {
            if (response.ok()) {
                return pages.redirect("/zero-trust");
            }
            return admissionRuleForm(values, shown(values, response), edit, response.status());
        });
    }

    @POST
    @Path("groups/{id}")
    public Uni<Response> updateGroup(
            @PathParam("id") UUID id,
            @FormParam("version") String version,
            @FormParam("name") String name,
            @FormParam("maxDevices") String maxDevices) {
        Map<String, String> values = values("name", name, "maxDevices", maxDevices);
        Edit edit = new Edit("groups", id.toString(), version, values.get("name"));
        return update(edit, groupBody(values))
                .map(response -> response.ok()
                        ? pages.redirect("/zero-trust")
                        : pages.html(
                                response.status(),
                                pages.of(groupForm).data("edit", edit).data("groupForm", shown(values, response))));
    }

    @POST
    @Path("policies/{id}")
    public Uni<Response> updatePolicy(
            @PathParam("id") UUID id,
            @FormParam("version") String version,
            @FormParam("name") String name,
            @FormParam("type") String type,
            @FormParam("action") String action,
            @FormParam("rule") String rule,
            @FormParam("groups") List<String> groups,
            @FormParam("resources") String resources,
            @FormParam("allUsers") boolean allUsers) {
        Map<String, String> values = policyValues(name, type, action, rule, groups, resources, allUsers);
        Edit edit = new Edit("policies", id.toString(), version, values.get("name"));
        ObjectNode body = policyBody(values, groups);
        if (!body.has("rule")) {
            body.putNull("rule");
        }
        return update(edit, body)
                .flatMap(response -> response.ok()
                        ? Uni.createFrom().item(pages.redirect("/zero-trust"))
                        : lists().map(lists -> pages.html(
                                response.status(),
                                pages.of(policyForm)
                                        .data("edit", edit)
                                        .data("lists", lists)
                                        .data("groupOptions", groupOptions(lists, values.get("groups")))
                                        .data("policyForm", shown(values, response)))));
    }

    /** Reads the entity as it is now and replaces it with the form's fields, if it is still at the form's version. */
    private Uni<ApiResponse> update(Edit edit, ObjectNode edited) {
        String path = API + edit.kind() + "/" + edit.id();
        if (edit.version() == null || edit.version().isBlank()) {
            // never an update without If-Match: it could overwrite a change the user has not seen
            return Uni.createFrom().item(new ApiResponse(412, null));
        }
        return services.get(Service.RULES, path).flatMap(current -> {
            if (!current.ok()) {
                return Uni.createFrom().item(current);
            }
            // sent with the version the form was opened at: if someone else changed it since, the service says 412
            return services.send(
                    Service.RULES,
                    HttpMethod.PUT,
                    path,
                    ZeroTrustEdits.body(edit.kind(), current.json(), edited),
                    edit.version());
        });
    }

    private static FieldForm shown(Map<String, String> values, ApiResponse response) {
        return response.status() == 412 ? FieldForm.withMessage(values, CHANGED) : FieldForm.refused(values, response);
    }

    private Response admissionRuleForm(Map<String, String> values, FieldForm form, Edit edit, int status) {
        return pages.html(
                status,
                pages.of(admissionForm)
                        .data("edit", edit)
                        .data("ruleForm", form)
                        .data(
                                "pointer",
                                CelErrorPointer.of(values.get("rule"), form.error("rule"))
                                        .orElse("")));
    }

    private static ObjectNode admissionRuleBody(Map<String, String> values) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("name", values.get("name"))
                .put("type", values.get("type"))
                .put("rule", values.get("rule"));
    }

    private static ObjectNode groupBody(Map<String, String> values) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", values.get("name"));
        number(body, "maxDevices", values.get("maxDevices"));
        return body;
    }

    /** The form's values of an entity as the service returns it. */
    private static Map<String, String> formValues(String kind, JsonNode entity) {
        return switch (kind) {
            case "admission-rules" ->
                values(
                        "name", entity.path("name").asText(),
                        "type", entity.path("type").asText(),
                        "rule", entity.path("rule").asText());
            case "groups" ->
                values(
                        "name",
                        entity.path("name").asText(),
                        "maxDevices",
                        entity.path("maxDevices").asText());
            default -> {
                List<String> groups = new ArrayList<>();
                entity.path("groups").forEach(group -> groups.add(group.asText()));
                List<String> resources = new ArrayList<>();
                entity.path("resources").forEach(resource -> resources.add(resource.asText()));
                yield policyValues(
                        entity.path("name").asText(),
                        entity.path("type").asText(),
                        entity.path("action").asBoolean(true) ? "allow" : "deny",
                        entity.path("rule").isNull() ? "" : entity.path("rule").asText(""),
                        groups,
                        String.join(", ", resources),
                        entity.path("allUsers").asBoolean());
            }
        };
    }

    @POST
    @Path("groups")
    public Uni<Response> createGroup(@FormParam("name") String name, @FormParam("maxDevices") String maxDevices) {
        Map<String, String> values = values("name", name, "maxDevices", maxDevices);
        return services.send(Service.RULES, HttpMethod.POST, API + "groups", groupBody(values), null)
                .map(response -> response.ok()
                        ? pages.redirect("/zero-trust")
                        : pages.html(
                                response.status(),
                                pages.of(groupForm)
                                        .data("edit", null)
                                        .data("groupForm", FieldForm.refused(values, response))));
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
        Map<String, String> values = policyValues(name, type, action, rule, groups, resources, allUsers);
        ObjectNode body = policyBody(values, groups);
        return services.send(Service.RULES, HttpMethod.POST, API + "policies", body, null)
                .flatMap(response -> response.ok()
                        ? Uni.createFrom().item(pages.redirect("/zero-trust"))
                        : lists().map(lists -> pages.html(
                                response.status(),
                                pages.of(policyForm)
                                        .data("edit", null)
                                        .data("lists", lists)
                                        .data("groupOptions", groupOptions(lists, values.get("groups")))
                                        .data("policyForm", FieldForm.refused(values, response)))));
    }

    private static Map<String, String> policyValues(
            String name,
            String type,
            String action,
            String rule,
            List<String> groups,
            String resources,
            boolean allUsers) {
        Map<String, String> values = values(
                "name",
                name,
                "type",
                type,
                "action",
                action,
                "rule",
                rule,
                "resources",
                resources,
                "groups",
                groups == null ? "" : String.join(",", groups));
        values.put("allUsers", Boolean.toString(allUsers));
        return values;
    }

    private static ObjectNode policyBody(Map<String, String> values, List<String> groups) {
        ObjectNode body = JsonNodeFactory.instance
                .objectNode()
                .put("name", values.get("name"))
                .put("type", values.get("type"))
                .put("action", !"deny".equals(values.get("action")))
                .put("allUsers", Boolean.parseBoolean(values.get("allUsers")));
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
        return body;
    }

    /** The groups a policy form offers, those of {@code selected} (ids, comma separated) chosen. */
    private static List<GroupOption> groupOptions(Lists lists, String selected) {
        Set<String> chosen = Set.of(selected == null || selected.isBlank() ? new String[0] : selected.split(","));
        return lists.groups().stream()
                .map(group -> new GroupOption(group.id(), group.name(), chosen.contains(group.id())))
                .toList();
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
