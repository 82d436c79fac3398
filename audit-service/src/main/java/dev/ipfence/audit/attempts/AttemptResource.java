package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.AttemptApi.AttemptPage;
import dev.ipfence.audit.attempts.AttemptApi.AttemptSeries;
import dev.ipfence.audit.attempts.AttemptApi.TopList;
import dev.ipfence.audit.common.AuditConfig;
import dev.ipfence.audit.common.Cursor;
import dev.ipfence.audit.common.QueryParams;
import dev.ipfence.audit.hierarchy.EnvironmentAccess;
import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.web.Caller;
import dev.ipfence.web.ProblemException;
import dev.ipfence.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/api/environments/{envId}/blocked-attempts")
@Produces(MediaType.APPLICATION_JSON)
public class AttemptResource {

    private static final int DEFAULT_LIMIT = 10;

    private final AttemptRepository attempts;
    private final EnvironmentAccess access;
    private final Caller caller;
    private final AuditConfig config;

    public AttemptResource(AttemptRepository attempts, EnvironmentAccess access, Caller caller, AuditConfig config) {
        this.attempts = attempts;
        this.access = access;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(
            operationId = "listBlockedAttempts",
            summary = "Blocked attempts of an environment, newest first (the last 10 by default)")
    public Uni<AttemptPage> list(
            @PathParam("envId") UUID envId,
            @QueryParam("limit")
                    @Parameter(
                            description = "How many to return, at most ipfence.audit.max-page-size (default "
                                    + AuditConfig.DEFAULT_MAX_PAGE_SIZE + ")",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = AuditConfig.DEFAULT_MAX_PAGE_SIZE,
                                            defaultValue = "10"))
                    String limit,
            @QueryParam("before")
                    @Parameter(
                            description = "The nextCursor of the previous page",
                            schema = @Schema(type = SchemaType.STRING))
                    String before,
            @QueryParam("ip") @Parameter(description = "Only attempts from this address or network (CIDR)") String ip,
            @QueryParam("since")
                    @Parameter(
                            description = "Only attempts at or after this instant",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    String since,
            @QueryParam("until")
                    @Parameter(
                            description = "Only attempts up to this instant",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    String until,
            @Context UriInfo uri) {
        QueryParams.onlyKnown(uri, Set.of("limit", "before", "ip", "since", "until"));
        int size = QueryParams.limit(limit, DEFAULT_LIMIT, config.maxPageSize());
        Cursor cursor = Cursor.decode(before, "before");
        AttemptRepository.Filter filter = new AttemptRepository.Filter(
                envId, network(ip), QueryParams.instant(since, "since"), QueryParams.instant(until, "until"));
        return access.require(caller.orgId(), envId)
                .flatMap(ok -> attempts.page(filter, cursor, size))
                .flatMap(page -> attempts.total(filter).map(total -> {
                    String next = page.size() < size
                            ? null
                            : new Cursor(
                                            page.get(page.size() - 1).timestamp(),
                                            page.get(page.size() - 1).id())
                                    .encode();
                    return new AttemptPage(page, total, next);
                }));
    }

    @GET
    @Path("top")
    @RolesAllowed(Roles.READ)
    @Operation(
            operationId = "listTopBlockedAttempts",
            summary = "The busiest blocked addresses (by=ip) or rules (by=rule) since a time (default: a day ago)"
                    + " and before another (default: none)")
    public Uni<TopList> top(
            @PathParam("envId") UUID envId,
            @QueryParam("by")
                    @Parameter(
                            description = "Group by client address or by rule",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"ip", "rule"},
                                            defaultValue = "ip"))
                    String by,
            @QueryParam("since")
                    @Parameter(
                            description = "Count attempts from this instant (default: a day ago)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    String since,
            @QueryParam("until")
                    @Parameter(
                            description = "Count attempts before this instant (default: all)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    String until,
            @QueryParam("limit")
                    @Parameter(
                            description = "How many to return, at most ipfence.audit.max-page-size (default "
                                    + AuditConfig.DEFAULT_MAX_PAGE_SIZE + ")",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = AuditConfig.DEFAULT_MAX_PAGE_SIZE,
                                            defaultValue = "10"))
                    String limit,
            @Context UriInfo uri) {
        QueryParams.onlyKnown(uri, Set.of("by", "since", "until", "limit"));
        String key = by == null ? "ip" : by;
        if (!key.equals("ip") && !key.equals("rule")) {
            throw ProblemException.badRequest("by", "\"" + by + "\" is not a grouping: ip or rule");
        }
        Instant from = QueryParams.instant(since, "since");
        Instant start = from != null ? from : Clock.systemUTC().instant().minus(Duration.ofDays(1));
        Instant end = QueryParams.instant(until, "until");
        int size = QueryParams.limit(limit, DEFAULT_LIMIT, config.maxPageSize());
        return access.require(caller.orgId(), envId)
                .flatMap(ok -> attempts.top(envId, key.equals("rule"), start, end, size))
                .map(entries -> new TopList(key, start, entries));
    }

    @GET
    @Path("series")
    @RolesAllowed(Roles.READ)
    @Operation(
            operationId = "getBlockedAttemptSeries",
            summary = "Blocked attempts per minute or hour over a time range, every attempt in the range counted")
    public Uni<AttemptSeries> series(
            @PathParam("envId") UUID envId,
            @QueryParam("since")
                    @Parameter(
                            description = "Count attempts at or after this instant (default: a day before until)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    String since,
            @QueryParam("until")
                    @Parameter(
                            description = "Count attempts before this instant (default: now)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    String until,
            @QueryParam("bucket")
                    @Parameter(
                            description = "The length of a bucket, aligned on the hour or minute (UTC); the range may"
                                    + " hold at most ipfence.audit.max-series-buckets buckets (default 1500)",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"minute", "hour"},
                                            defaultValue = "hour"))
                    String bucket,
            @QueryParam("ip") @Parameter(description = "Only attempts from this address or network (CIDR)") String ip,
            @Context UriInfo uri) {
        QueryParams.onlyKnown(uri, Set.of("since", "until", "bucket", "ip"));
        SeriesBuckets.Unit unit = SeriesBuckets.Unit.parse(bucket, SeriesBuckets.Unit.HOUR);
        Instant to = QueryParams.instant(until, "until");
        Instant end = to != null ? to : Clock.systemUTC().instant();
        Instant from = QueryParams.instant(since, "since");
        Instant start = from != null ? from : end.minus(Duration.ofDays(1));
        SeriesBuckets buckets = SeriesBuckets.of(start, end, unit, config.maxSeriesBuckets());
        AttemptRepository.Filter filter = new AttemptRepository.Filter(envId, network(ip), start, end);
        return access.require(caller.orgId(), envId)
                .flatMap(ok -> attempts.series(filter, unit))
                .map(counted -> {
                    List<SeriesBuckets.Point> points = buckets.fill(counted);
                    long total = 0;
                    for (SeriesBuckets.Point point : points) {
                        total += point.attempts();
                    }
                    return new AttemptSeries(unit.sqlName(), start, end, total, points);
                });
    }

    /** The {@code ip} filter as a canonical CIDR: an address means itself. */
    private static String network(String ip) {
        if (ip == null || ip.isBlank()) {
            return null;
        }
        try {
            return Addresses.parseNetwork(ip).toString();
        } catch (AddressException e) {
            throw ProblemException.badRequest("ip", e.getMessage());
        }
    }
}
