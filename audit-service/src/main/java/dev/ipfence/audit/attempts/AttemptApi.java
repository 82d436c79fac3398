package dev.ipfence.audit.attempts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response records of the blocked-attempt API (seed 000 field names, plus extensions). */
public final class AttemptApi {

    private AttemptApi() {}

    /**
     * One row: an event as received ({@code folded} 0), or under a flood a row that folds
     * {@code folded} events, whose {@code ip} is then their source (an IPv4 address, an IPv6 /64,
     * {@code unparseable}) or {@code *} for the rest of a window.
     */
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
    public record AttemptPage(List<Attempt> attempts, long total, String nextCursor) {}

    public record TopEntry(String key, long attempts, Instant lastSeen) {}

    public record TopList(String by, Instant since, List<TopEntry> top) {}
}
