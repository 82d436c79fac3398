package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import dev.ipfence.console.changes.ChangeDiff;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The organization's change log: who changed what, and each change's fields before and after. */
@Path("/changes")
public class ChangesResource {

    static final int PAGE = 50;
    static final List<String> TYPES =
            List.of("project", "environment", "rule", "admissionRule", "policyGroup", "policy", "apiKey");

    @TemplateData
    public record Change(
            String occurredAt,
            String actor,
            String change,
            String entityType,
            String entityId,
            String scope,
            List<ChangeDiff.Field> fields) {}

    private final ServiceClient services;
    private final Pages pages;
    private final Template changes;
    private final Template problem;

    public ChangesResource(
            ServiceClient services,
            Pages pages,
            @Location("changes.html") Template changes,
            @Location("problem.html") Template problem) {
        this.services = services;
        this.pages = pages;
        this.changes = changes;
        this.problem = problem;
    }

    @GET
    public Uni<Response> page(
            @QueryParam("entityType") String entityType,
            @QueryParam("actor") String actor,
            @QueryParam("entityId") String entityId,
            @QueryParam("before") String before) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("entityType", entityType == null ? "" : entityType);
        filters.put("actor", actor == null ? "" : actor.trim());
        filters.put("entityId", entityId == null ? "" : entityId.trim());
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("limit", Integer.toString(PAGE));
        query.put("before", before == null ? "" : before);
        return services.get(Service.AUDIT, "/api/audit/changes", query).map(response -> {
            if (!response.ok()) {
                return pages.refusal(problem, response);
            }
            List<Change> rows = new ArrayList<>();
            for (JsonNode change : response.json().path("changes")) {
                String scope = change.path("scope").asText("");
                rows.add(new Change(
                        change.path("occurredAt").asText(),
                        change.path("actor").asText(""),
                        change.path("change").asText(""),
                        change.path("entityType").asText(""),
                        change.path("entityId").asText(""),
                        scope.isEmpty()
                                ? ""
                                : scope + " " + change.path("scopeId").asText(""),
                        ChangeDiff.of(change.get("before"), change.get("after"))));
            }
            JsonNode cursor = response.json().path("nextCursor");
            String older = cursor.isTextual() ? olderLink(filters, cursor.asText()) : null;
            return pages.html(pages.of(changes)
                    .data("changes", rows)
                    .data("types", TYPES)
                    .data("entityType", filters.get("entityType"))
                    .data("actor", filters.get("actor"))
                    .data("entityId", filters.get("entityId"))
                    .data("older", older));
        });
    }

    private static String olderLink(Map<String, String> filters, String cursor) {
        StringBuilder link = new StringBuilder("/changes?before=").append(encode(cursor));
        filters.forEach((name, value) -> {
            if (!value.isEmpty()) {
                link.append('&').append(name).append('=').append(encode(value));
            }
        });
        return link.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
