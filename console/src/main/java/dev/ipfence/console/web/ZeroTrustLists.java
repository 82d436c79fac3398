package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.console.api.ApiResponse;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The organization's admission rules, policy groups and policies, as the zero-trust pages list them. */
@ApplicationScoped
public class ZeroTrustLists {

    /** One admission rule, group or policy as the tables show it. */
    @TemplateData
    public record Row(String id, String name, String kind, String detail) {}

    /** The three lists, or the refusal of the first that failed. */
    @TemplateData
    public record Lists(List<Row> admissionRules, List<Row> groups, List<Row> policies, List<String> refusal) {}

    static final String API = "/api/tenants/";

    private final ServiceClient services;

    public ZeroTrustLists(ServiceClient services) {
        this.services = services;
    }

    public Uni<Lists> fetch() {
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

    private static List<Row> rows(JsonNode body, Function<JsonNode, String> kind, Function<JsonNode, String> detail) {
        JsonNode list = body.isArray() ? body : body.path("items");
        List<Row> rows = new ArrayList<>();
        for (JsonNode item : list) {
            rows.add(new Row(
                    item.path("id").asText(), item.path("name").asText(), kind.apply(item), detail.apply(item)));
        }
        return rows;
    }
}
