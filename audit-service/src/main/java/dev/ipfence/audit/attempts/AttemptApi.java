package dev.ipfence.audit.attempts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Response records of the blocked-attempt API (seed 000 field names, plus extensions). */
public final class AttemptApi {

    private AttemptApi() {}

    /**
     * One row: an event as received ({@code folded} 0), or under a flood a row that folds
     * {@code folded} events, whose {@code ip} is then their source (an IPv4 address, an IPv6 /64,
     * {@code unparseable}) or {@code *} for the rest of a window.
     */
    @Schema(requiredProperties = {"id", "timestamp", "count", "folded"})
    public record Attempt(
            UUID id,
            String ip,
            String method,
            String path,
            String target,
            Instant timestamp,
            Instant lastTimestamp,
            long count,
            long folded,
            String reason,
            UUID ruleId,
            UUID policyId,
            String trafficScope) {}

    /** {@code total}: attempts matching the filters (merged events count for their {@code count}). */
    @Schema(
            requiredProperties = {"attempts", "total"},
            example =
                    "{\"attempts\": [{\"id\": \"9b2e4f1c-3d5a-4e6b-8c7d-0a1b2c3d4e5f\", \"ip\": \"198.51.100.4\", \"method\": \"GET\", \"path\": \"/checkout\", \"target\": \"shop.example.com\", \"timestamp\": \"2026-01-15T10:31:00Z\", \"lastTimestamp\": \"2026-01-15T10:31:00Z\", \"count\": 1, \"folded\": 0, \"reason\": \"NOT_ALLOWLISTED\", \"trafficScope\": \"http\"}], \"total\": 1}")
    public record AttemptPage(List<Attempt> attempts, long total, String nextCursor) {}

    @Schema(requiredProperties = {"key", "attempts", "lastSeen"})
    public record TopEntry(String key, long attempts, Instant lastSeen) {}

    @Schema(requiredProperties = {"by", "top"})
    public record TopList(String by, Instant since, List<TopEntry> top) {}

    /**
     * Attempts per bucket from {@code since} to {@code until}: every bucket of the range in order,
     * empty ones with 0; {@code total} is their sum.
     */
    @Schema(
            requiredProperties = {"bucket", "since", "until", "total", "points"},
            example =
                    "{\"bucket\": \"hour\", \"since\": \"2026-01-15T09:00:00Z\", \"until\": \"2026-01-15T11:00:00Z\", \"total\": 3, \"points\": [{\"start\": \"2026-01-15T09:00:00Z\", \"attempts\": 0}, {\"start\": \"2026-01-15T10:00:00Z\", \"attempts\": 3}]}")
    public record AttemptSeries(
            String bucket, Instant since, Instant until, long total, List<SeriesBuckets.Point> points) {}
}
