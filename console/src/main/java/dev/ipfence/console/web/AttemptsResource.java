package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.console.ConsoleConfig;
import dev.ipfence.console.api.ApiResponse;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import dev.ipfence.console.attempts.AttemptRange;
import dev.ipfence.console.attempts.AttemptSeries;
import dev.ipfence.console.attempts.AttemptWindow;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Blocked attempts of an environment: attempts per minute or hour, top addresses and rules, the newest rows. */
@Path("/environments/{envId}/blocked-attempts")
public class AttemptsResource {

    /** Rows the table shows. */
    static final int TABLE_ROWS = 100;

    @TemplateData
    public record Attempt(
            String ip,
            String method,
            String path,
            String target,
            String timestamp,
            long count,
            String reason,
            String ruleId,
            String trafficScope) {

        static Attempt of(JsonNode row) {
            return new Attempt(
                    row.path("ip").asText(),
                    row.path("method").asText(""),
                    row.path("path").asText(""),
                    row.path("target").asText(""),
                    row.path("timestamp").asText(),
                    row.path("count").asLong(1),
                    row.path("reason").asText(""),
                    row.path("ruleId").asText(""),
                    row.path("trafficScope").asText(""));
        }
    }

    @TemplateData
    public record TopEntry(String key, long attempts, String lastSeen) {}

    private final ServiceClient services;
    private final ConsoleConfig config;
    private final Pages pages;
    private final Template attempts;
    private final Template problem;

    public AttemptsResource(
            ServiceClient services,
            ConsoleConfig config,
            Pages pages,
            @Location("attempts.html") Template attempts,
            @Location("problem.html") Template problem) {
        this.services = services;
        this.config = config;
        this.pages = pages;
        this.attempts = attempts;
        this.problem = problem;
    }

    @GET
    public Uni<Response> page(
            @PathParam("envId") UUID envId,
            @QueryParam("range") String rangeKey,
            @QueryParam("since") String sinceText,
            @QueryParam("until") String untilText,
            @QueryParam("ip") String ip) {
        AttemptWindow window;
        try {
            window = AttemptWindow.of(rangeKey, sinceText, untilText, Instant.now(), config.attemptsMaxRange());
        } catch (AttemptWindow.Invalid invalid) {
            return services.get(Service.RULES, "/api/environments/" + envId)
                    .map(environment -> pages.html(
                            400,
                            pages.of(attempts)
                                    .data("envId", envId.toString())
                                    .data(
                                            "envName",
                                            environment.json().path("name").asText(envId.toString()))
                                    .data("window", null)
                                    .data("rangeKey", "custom")
                                    .data("ranges", List.of(AttemptRange.values()))
                                    .data("sinceValue", sinceText == null ? "" : sinceText)
                                    .data("untilValue", untilText == null ? "" : untilText)
                                    .data("errorField", invalid.field())
                                    .data("error", invalid.getMessage())
                                    .data("ip", ip == null ? "" : ip)));
        }
        String since = window.since().toString();
        String until = window.until().toString();
        String network = ip == null ? "" : ip.trim();
        String base = "/api/environments/" + envId + "/blocked-attempts";
        Uni<ApiResponse> list = services.get(
                Service.AUDIT,
                base,
                Map.of("limit", Integer.toString(TABLE_ROWS), "since", since, "until", until, "ip", network));
        Uni<ApiResponse> series = services.get(
                Service.AUDIT,
                base + "/series",
                Map.of("since", since, "until", until, "bucket", window.bucket(), "ip", network));
        Uni<ApiResponse> topIps = services.get(
                Service.AUDIT, base + "/top", Map.of("by", "ip", "since", since, "until", until, "limit", "10"));
        Uni<ApiResponse> topRules = services.get(
                Service.AUDIT, base + "/top", Map.of("by", "rule", "since", since, "until", until, "limit", "10"));
        Uni<ApiResponse> environment = services.get(Service.RULES, "/api/environments/" + envId);
        return Uni.combine()
                .all()
                .unis(list, series, topIps, topRules, environment)
                .asTuple()
                .map(all -> {
                    ApiResponse rows = all.getItem1();
                    if (!rows.ok()) {
                        return pages.refusal(problem, rows);
                    }
                    if (!all.getItem2().ok()) {
                        return pages.refusal(problem, all.getItem2());
                    }
                    List<Attempt> table = new ArrayList<>();
                    for (JsonNode row : rows.json().path("attempts")) {
                        table.add(Attempt.of(row));
                    }
                    return pages.html(pages.of(attempts)
                            .data("envId", envId.toString())
                            .data("envName", all.getItem5().json().path("name").asText(envId.toString()))
                            .data("window", window)
                            .data(
                                    "rangeKey",
                                    window.custom() ? "custom" : window.preset().key())
                            .data("ranges", List.of(AttemptRange.values()))
                            .data("sinceValue", window.sinceField())
                            .data("untilValue", window.untilField())
                            .data("errorField", "")
                            .data("error", "")
                            .data("ip", ip == null ? "" : ip)
                            .data("series", AttemptSeries.of(all.getItem2().json()))
                            .data("total", rows.json().path("total").asLong())
                            .data("attempts", table)
                            .data("topIps", top(all.getItem3()))
                            .data("topRules", top(all.getItem4())));
                });
    }

    private static List<TopEntry> top(ApiResponse response) {
        List<TopEntry> entries = new ArrayList<>();
        for (JsonNode entry : response.json().path("top")) {
            entries.add(new TopEntry(
                    entry.path("key").asText(),
                    entry.path("attempts").asLong(),
                    entry.path("lastSeen").asText("")));
        }
        return entries;
    }
}
