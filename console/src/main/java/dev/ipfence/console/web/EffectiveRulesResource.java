package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import dev.ipfence.console.rules.RuleRow;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rules taking part in an environment's decisions for a traffic scope, as rule-service computes
 * them: every live deny rule of the chain, and the allow list of the nearest scope that has one.
 */
@Path("/environments/{envId}/effective-rules")
public class EffectiveRulesResource {

    @TemplateData
    public record Row(RuleRow rule, String scope, boolean inherited) {}

    private final ServiceClient services;
    private final Pages pages;
    private final Template effective;
    private final Template problem;

    public EffectiveRulesResource(
            ServiceClient services,
            Pages pages,
            @Location("effective.html") Template effective,
            @Location("problem.html") Template problem) {
        this.services = services;
        this.pages = pages;
        this.effective = effective;
        this.problem = problem;
    }

    @GET
    public Uni<Response> page(@PathParam("envId") UUID envId, @QueryParam("trafficScope") String trafficScope) {
        String scope = trafficScope == null ? "" : trafficScope.trim();
        Uni<dev.ipfence.console.api.ApiResponse> rules = services.get(
                Service.RULES, "/api/environments/" + envId + "/effective-ip-rules", Map.of("trafficScope", scope));
        Uni<dev.ipfence.console.api.ApiResponse> environment =
                services.get(Service.RULES, "/api/environments/" + envId);
        return Uni.combine().all().unis(rules, environment).asTuple().map(both -> {
            var response = both.getItem1();
            if (!response.ok()) {
                return pages.refusal(problem, response);
            }
            JsonNode json = response.json();
            List<Row> rows = new ArrayList<>();
            for (JsonNode rule : json.path("rules")) {
                String ruleScope = rule.path("scope").asText();
                rows.add(new Row(RuleRow.of(rule), ruleScope, !ruleScope.equals("environment")));
            }
            return pages.html(pages.of(effective)
                    .data("envId", envId.toString())
                    .data("envName", both.getItem2().json().path("name").asText(envId.toString()))
                    .data("trafficScope", scope)
                    .data("inheritedFrom", json.path("inheritedFrom").asText(""))
                    .data("inheritedFromName", json.path("inheritedFromName").asText(""))
                    .data("rows", rows));
        });
    }
}
