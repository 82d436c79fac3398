package dev.ipfence.console.web;

import static dev.ipfence.console.web.ZeroTrustForms.admissionRuleBody;
import static dev.ipfence.console.web.ZeroTrustForms.formValues;
import static dev.ipfence.console.web.ZeroTrustForms.groupBody;
import static dev.ipfence.console.web.ZeroTrustForms.groupOptions;
import static dev.ipfence.console.web.ZeroTrustForms.policyBody;
import static dev.ipfence.console.web.ZeroTrustForms.policyValues;
import static dev.ipfence.console.web.ZeroTrustForms.values;
import static dev.ipfence.console.web.ZeroTrustLists.API;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.console.api.ApiResponse;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import dev.ipfence.console.web.ZeroTrustForms.Edit;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Editing and deleting one admission rule, policy group or policy. The update (PUT) carries the
 * version the form was opened at as {@code If-Match}: if someone else changed the entity since,
 * the service answers 412 and the form says so and offers to reload.
 */
@Path("/zero-trust")
public class ZeroTrustEditResource {

    private static final String CHANGED =
            "This was changed by someone else since you opened it. Reload it to see their change, then edit again.";

    private final ServiceClient services;
    private final ZeroTrustLists zeroTrust;
    private final Pages pages;
    private final Template problem;
    private final Template admissionForm;
    private final Template groupForm;
    private final Template policyForm;
    private final Template editPage;

    public ZeroTrustEditResource(
            ServiceClient services,
            ZeroTrustLists zeroTrust,
            Pages pages,
            @Location("problem.html") Template problem,
            @Location("admission-rule-form.html") Template admissionForm,
            @Location("group-form.html") Template groupForm,
            @Location("policy-form.html") Template policyForm,
            @Location("zero-trust-edit.html") Template editPage) {
        this.services = services;
        this.zeroTrust = zeroTrust;
        this.pages = pages;
        this.problem = problem;
        this.admissionForm = admissionForm;
        this.groupForm = groupForm;
        this.policyForm = policyForm;
        this.editPage = editPage;
    }

    @GET
    @Path("{kind: admission-rules|groups|policies}/{id}/edit")
    public Uni<Response> edit(@PathParam("kind") String kind, @PathParam("id") UUID id) {
        Uni<ApiResponse> entity = services.get(Service.RULES, API + kind + "/" + id);
        return Uni.combine().all().unis(entity, zeroTrust.fetch()).asTuple().map(both -> {
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
                        : zeroTrust
                                .fetch()
                                .map(lists -> pages.html(
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

    @POST
    @Path("{kind: admission-rules|groups|policies}/{id}/delete")
    public Uni<Response> delete(@PathParam("kind") String kind, @PathParam("id") UUID id) {
        return services.send(Service.RULES, HttpMethod.DELETE, API + kind + "/" + id, null, null)
                .map(response -> response.ok() ? pages.redirect("/zero-trust") : pages.refusal(problem, response));
    }
}
