package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.console.ConsoleConfig;
import dev.ipfence.console.api.ApiResponse;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import dev.ipfence.console.rules.RuleQuery;
import dev.ipfence.console.rules.RuleRow;
import dev.ipfence.console.rules.RuleTable;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The rules of one scope: the table, adding, editing, deleting and the bulk paste. */
@Path("/scopes/{kind}/{id}/rules")
public class RulesResource {

    private static final String CHANGED = "This rule was changed by someone else since you opened it. "
            + "Reload it to see their change, then edit again.";

    private final ServiceClient services;
    private final ConsoleConfig config;
    private final Pages pages;
    private final Template rules;
    private final Template ruleEdit;
    private final Template ruleForm;
    private final Template bulkResult;
    private final Template problem;

    public RulesResource(
            ServiceClient services,
            ConsoleConfig config,
            Pages pages,
            @Location("rules.html") Template rules,
            @Location("rule-edit.html") Template ruleEdit,
            @Location("rule-form.html") Template ruleForm,
            @Location("bulk-result.html") Template bulkResult,
            @Location("problem.html") Template problem) {
        this.services = services;
        this.config = config;
        this.pages = pages;
        this.rules = rules;
        this.ruleEdit = ruleEdit;
        this.ruleForm = ruleForm;
        this.bulkResult = bulkResult;
        this.problem = problem;
    }

    @GET
    public Uni<Response> table(
            @PathParam("kind") String kind,
            @PathParam("id") String id,
            @QueryParam("q") String search,
            @QueryParam("action") String action,
            @QueryParam("traffic") String traffic,
            @QueryParam("label") String label,
            @QueryParam("expired") String expired,
            @QueryParam("sort") String sort,
            @QueryParam("page") @DefaultValue("1") int page) {
        Scope scope = Scope.of(kind, id);
        RuleQuery query = new RuleQuery(search, action, traffic, label, expired, sort, page);
        Uni<ApiResponse> list = services.get(Service.RULES, scope.rulesApi());
        Uni<String> title = title(scope);
        return Uni.combine().all().unis(list, title).asTuple().map(both -> {
            ApiResponse response = both.getItem1();
            if (!response.ok()) {
                return pages.refusal(problem, response);
            }
            List<RuleRow> all = new ArrayList<>();
            for (JsonNode rule : response.json().path("rules")) {
                all.add(RuleRow.of(rule));
            }
            Instant now = Instant.now();
            return pages.html(pages.of(rules)
                    .data("scope", scope)
                    .data("title", both.getItem2())
                    .data("table", RuleTable.of(all, query, config.pageSize(), now))
                    .data("now", now)
                    .data("form", RuleForm.empty()));
        });
    }

    @POST
    public Uni<Response> add(
            @PathParam("kind") String kind,
            @PathParam("id") String id,
            @jakarta.ws.rs.BeanParam RuleFormFields fields) {
        Scope scope = Scope.of(kind, id);
        RuleForm form = fields.form(null, 0);
        return services.send(Service.RULES, HttpMethod.POST, scope.rulesApi(), form.body(), null)
                .map(response -> response.ok() ? pages.redirect(scope.page()) : formWithRefusal(scope, form, response));
    }

    @GET
    @Path("{ruleId}/edit")
    public Uni<Response> edit(
            @PathParam("kind") String kind, @PathParam("id") String id, @PathParam("ruleId") UUID ruleId) {
        Scope scope = Scope.of(kind, id);
        return services.get(Service.RULES, scope.rulesApi() + "/" + ruleId)
                .map(response -> response.ok()
                        ? pages.html(pages.of(ruleEdit)
                                .data("scope", scope)
                                .data("form", RuleForm.of(RuleRow.of(response.json()))))
                        : pages.refusal(problem, response));
    }

    @POST
    @Path("{ruleId}")
    public Uni<Response> update(
            @PathParam("kind") String kind,
            @PathParam("id") String id,
            @PathParam("ruleId") UUID ruleId,
            @jakarta.ws.rs.BeanParam RuleFormFields fields) {
        Scope scope = Scope.of(kind, id);
        RuleForm form = fields.form(ruleId.toString(), fields.version);
        return services.send(
                        Service.RULES,
                        HttpMethod.PUT,
                        scope.rulesApi() + "/" + ruleId,
                        form.body(),
                        Long.toString(fields.version))
                .map(response -> response.ok() ? pages.redirect(scope.page()) : formWithRefusal(scope, form, response));
    }

    @POST
    @Path("{ruleId}/delete")
    public Uni<Response> delete(
            @PathParam("kind") String kind,
            @PathParam("id") String id,
            @PathParam("ruleId") UUID ruleId,
            @FormParam("version") long version) {
        Scope scope = Scope.of(kind, id);
        return services.send(
                        Service.RULES,
                        HttpMethod.DELETE,
                        scope.rulesApi() + "/" + ruleId,
                        null,
                        version > 0 ? Long.toString(version) : null)
                .map(response -> {
                    if (response.ok()) {
                        return pages.redirect(scope.page());
                    }
                    if (response.status() == 412) {
                        return pages.html(412, pages.of(problem).data("lines", List.of(CHANGED)));
                    }
                    return pages.refusal(problem, response);
                });
    }

    @POST
    @Path("bulk")
    public Uni<Response> bulk(
            @PathParam("kind") String kind,
            @PathParam("id") String id,
            @FormParam("cidrs") String cidrs,
            @FormParam("action") @DefaultValue("allow") String action,
            @FormParam("label") String label,
            @FormParam("trafficScopes") String trafficScopes) {
        Scope scope = Scope.of(kind, id);
        // the text as pasted: the service splits it into entries and numbers its errors by entry
        var body = services.object().put("action", action).put("cidrs", cidrs == null ? "" : cidrs);
        if (label != null && !label.isBlank()) {
            body.put("label", label);
        }
        var scopes = body.putArray("trafficScopes");
        for (String scopeName : (trafficScopes == null ? "" : trafficScopes).split(",")) {
            if (!scopeName.isBlank()) {
                scopes.add(scopeName.trim());
            }
        }
        return services.send(Service.RULES, HttpMethod.POST, scope.rulesApi() + "/bulk", body, null)
                .map(response -> {
                    if (!response.ok()) {
                        return pages.refusal(problem, response);
                    }
                    List<String> errors = new ArrayList<>();
                    response.json().path("errors").forEach(error -> errors.add(error.asText()));
                    return pages.html(pages.of(bulkResult)
                            .data("scope", scope)
                            .data("created", response.json().path("created").asInt())
                            .data("skipped", response.json().path("skipped").asInt())
                            .data("errors", errors));
                });
    }

    private Response formWithRefusal(Scope scope, RuleForm form, ApiResponse response) {
        RuleForm shown = response.status() == 412
                ? form.asConflict(CHANGED)
                : form.withErrors(
                        response.fieldErrors(),
                        response.fieldErrors().isEmpty() ? List.of(response.problemText()) : List.of());
        return pages.html(
                response.status(), pages.of(ruleForm).data("scope", scope).data("form", shown));
    }

    private Uni<String> title(Scope scope) {
        if (scope.api() == null) {
            return Uni.createFrom().item("Organization");
        }
        return services.get(Service.RULES, scope.api()).map(response -> {
            String name = response.json().path("name").asText(scope.id());
            return (scope.kind().equals("project") ? "Project " : "Environment ") + name;
        });
    }
}
