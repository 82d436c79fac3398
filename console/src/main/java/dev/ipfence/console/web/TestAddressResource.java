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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** Test an address: the enforcement service's decision for an IP in an environment, with its explanation. */
@Path("/test")
public class TestAddressResource {

    @TemplateData
    public record ExplainedRule(String id, String scope, String address, String action, String trafficScopes) {

        static ExplainedRule of(JsonNode rule) {
            List<String> scopes = new ArrayList<>();
            rule.path("trafficScopes").forEach(s -> scopes.add(s.asText()));
            String address = rule.path("cidr").isTextual()
                    ? rule.path("cidr").asText()
                    : rule.path("range").asText("");
            return new ExplainedRule(
                    rule.path("id").asText(),
                    rule.path("scope").asText(),
                    address,
                    rule.path("action").asText(),
                    scopes.isEmpty() ? "all traffic" : String.join(", ", scopes));
        }
    }

    @TemplateData
    public record Decision(
            String decision,
            String reason,
            String ruleId,
            String ruleScope,
            String allowListFrom,
            List<ExplainedRule> takingPart,
            List<ExplainedRule> matched) {

        public boolean allowed() {
            return decision.equals("ALLOW");
        }
    }

    private final Hierarchy hierarchy;
    private final ServiceClient services;
    private final Pages pages;
    private final Template test;
    private final Template decision;
    private final Template problem;

    public TestAddressResource(
            Hierarchy hierarchy,
            ServiceClient services,
            Pages pages,
            @Location("test.html") Template test,
            @Location("decision.html") Template decision,
            @Location("problem.html") Template problem) {
        this.hierarchy = hierarchy;
        this.services = services;
        this.pages = pages;
        this.test = test;
        this.decision = decision;
        this.problem = problem;
    }

    @GET
    public Uni<Response> page(@QueryParam("env") String env) {
        return hierarchy
                .tree()
                .map(tree -> pages.html(pages.of(test)
                        .data("environments", tree.environments())
                        .data("selected", env == null ? "" : env)));
    }

    @POST
    public Uni<Response> decide(
            @FormParam("ip") String ip, @FormParam("env") String env, @FormParam("trafficScope") String trafficScope) {
        var body = services.object().put("ip", ip == null ? "" : ip.trim()).put("environmentId", env);
        if (trafficScope != null && !trafficScope.isBlank()) {
            body.put("trafficScope", trafficScope.trim());
        }
        return services.send(Service.ENFORCEMENT, HttpMethod.POST, "/v1/decisions?explain=true", body, null)
                .map(response -> {
                    if (!response.ok()) {
                        return pages.refusal(problem, response);
                    }
                    JsonNode json = response.json();
                    JsonNode explain = json.path("explain");
                    List<ExplainedRule> takingPart = new ArrayList<>();
                    explain.path("takingPart").forEach(rule -> takingPart.add(ExplainedRule.of(rule)));
                    List<ExplainedRule> matched = new ArrayList<>();
                    explain.path("matched").forEach(rule -> matched.add(ExplainedRule.of(rule)));
                    return pages.html(pages.of(decision)
                            .data(
                                    "result",
                                    new Decision(
                                            json.path("decision").asText(),
                                            json.path("reason").asText(),
                                            json.path("ruleId").asText(""),
                                            json.path("ruleScope").asText(""),
                                            explain.path("allowListFrom").asText(""),
                                            takingPart,
                                            matched)));
                });
    }
}
