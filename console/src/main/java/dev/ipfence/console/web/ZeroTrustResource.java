package dev.ipfence.console.web;

import static dev.ipfence.console.web.ZeroTrustForms.admissionRuleBody;
import static dev.ipfence.console.web.ZeroTrustForms.groupBody;
import static dev.ipfence.console.web.ZeroTrustForms.groupOptions;
import static dev.ipfence.console.web.ZeroTrustForms.policyBody;
import static dev.ipfence.console.web.ZeroTrustForms.policyValues;
import static dev.ipfence.console.web.ZeroTrustForms.values;
import static dev.ipfence.console.web.ZeroTrustLists.API;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The zero-trust layer (rule-service {@code /api/tenants/...}): admission rules with their CEL
 * conditions, policy groups and policies; the lists and creating one. Editing and deleting one is
 * {@link ZeroTrustEditResource}.
 */
@Path("/zero-trust")
public class ZeroTrustResource {

    private final ServiceClient services;
    private final ZeroTrustLists zeroTrust;
    private final Pages pages;
    private final Template page;
    private final Template admissionForm;
    private final Template groupForm;
    private final Template policyForm;

    public ZeroTrustResource(
            ServiceClient services,
            ZeroTrustLists zeroTrust,
            Pages pages,
            @Location("zero-trust.html") Template page,
            @Location("admission-rule-form.html") Template admissionForm,
            @Location("group-form.html") Template groupForm,
            @Location("policy-form.html") Template policyForm) {
        this.services = services;
        this.zeroTrust = zeroTrust;
        this.pages = pages;
        this.page = page;
        this.admissionForm = admissionForm;
        this.groupForm = groupForm;
        this.policyForm = policyForm;
    }

    @GET
    public Uni<Response> show() {
        return zeroTrust
                .fetch()
                .map(lists -> pages.html(pages.of(page)
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
                        : admissionRuleForm(values, FieldForm.refused(values, response), response.status()));
    }

    private Response admissionRuleForm(Map<String, String> values, FieldForm form, int status) {
        return pages.html(
                status,
                pages.of(admissionForm)
                        .data("edit", null)
                        .data("ruleForm", form)
                        .data(
                                "pointer",
                                CelErrorPointer.of(values.get("rule"), form.error("rule"))
                                        .orElse("")));
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
                        : zeroTrust
                                .fetch()
                                .map(lists -> pages.html(
                                        response.status(),
                                        pages.of(policyForm)
                                                .data("edit", null)
                                                .data("lists", lists)
                                                .data("groupOptions", groupOptions(lists, values.get("groups")))
                                                .data("policyForm", FieldForm.refused(values, response)))));
    }
}
