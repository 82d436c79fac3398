package dev.ipfence.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ipfence.console.api.ApiResponse;
import dev.ipfence.console.api.ServiceClient;
import dev.ipfence.console.api.ServiceClient.Service;
import dev.ipfence.console.attempts.AttemptRange;
import dev.ipfence.console.attempts.AttemptSeries;
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

    /** Rows the chart is counted from; the audit service's largest page. */
    static final int CHART_ROWS = 1000;
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
    private final Pages pages;
    private final Template attempts;
    private final Template problem;

    public AttemptsResource(
            ServiceClient services,
            Pages pages,
            @Location("attempts.html") Template attempts,
            @Location("problem.html") Template problem) {
        this.services = services;
        this.pages = pages;
        this.attempts = attempts;
        this.problem = problem;
    }

    @GET
    public Uni<Response> page(
            @PathParam("envId") UUID envId, @QueryParam("range") String rangeKey, @QueryParam("ip") String ip) {
        AttemptRange range = AttemptRange.of(rangeKey);
        Instant until = Instant.now();
        Instant since = until.minus(range.length());
        String base = "/api/environments/" + envId + "/blocked-attempts";
        Uni<ApiResponse> list = services.get(
                Service.AUDIT,
                base,
                Map.of(
                        "limit", Integer.toString(CHART_ROWS),
                        "since", since.toString(),
                        "until", until.toString(),
                        "ip", ip == null ? "" : ip.trim()));
        Uni<ApiResponse> topIps = services.get(
                Service.AUDIT, base + "/top", Map.of("by", "ip", "since", since.toString(), "limit", "10"));
        Uni<ApiResponse> topRules = services.get(
                Service.AUDIT, base + "/top", Map.of("by", "rule", "since", since.toString(), "limit", "10"));
        Uni<ApiResponse> environment = services.get(Service.RULES, "/api/environments/" + envId);
        return Uni.combine()
                .all()
                .unis(list, topIps, topRules, environment)
                .asTuple()
                .map(all -> {
                    ApiResponse rows = all.getItem1();
                    if (!rows.ok()) {
                        return pages.refusal(problem, rows);
                    }
                    List<Attempt> table = new ArrayList<>();
                    List<AttemptSeries.Point> points = new ArrayList<>();
                    for (JsonNode row : rows.json().path("attempts")) {
                        Attempt attempt = Attempt.of(row);
                        if (table.size() < TABLE_ROWS) {
                            table.add(attempt);
                        }
                        points.add(new AttemptSeries.Point(Instant.parse(attempt.timestamp()), attempt.count()));
                    }
                    AttemptSeries series = AttemptSeries.of(points, since, until, range.bucket());
                    return pages.html(pages.of(attempts)
                            .data("envId", envId.toString())
                            .data("envName", all.getItem4().json().path("name").asText(envId.toString()))
                            .data("range", range)
                            .data("ranges", List.of(AttemptRange.values()))
                            .data("ip", ip == null ? "" : ip)
                            .data("series", series)
                            .data("total", rows.json().path("total").asLong())
                            .data(
                                    "partial",
                                    !rows.json().path("nextCursor").isMissingNode()
                                            && !rows.json().path("nextCursor").isNull())
                            .data("chartRows", points.size())
                            .data("attempts", table)
                            .data("topIps", top(all.getItem2()))
                            .data("topRules", top(all.getItem3())));
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
