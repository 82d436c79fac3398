package dev.ipfence.core.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An admission rule as the event contract carries it: a CEL condition ({@code rule}), what it means
 * for a policy ({@code type}: ALLOW, DENY or CUSTOM) and, when {@code hasTimeConstraint}, the
 * window in which it takes part. See docs/access-model.md, "Identity-aware access".
 */
public record AdmissionRuleState(
        UUID id,
        UUID orgId,
        String name,
        String type,
        String rule,
        boolean hasTimeConstraint,
        TimeWindow timeWindow,
        Instant createdAt,
        Instant updatedAt,
        String createdBy,
        String updatedBy,
        long version) {

    /**
     * Local times {@code HH:mm} in an IANA {@code timeZone} on {@code daysOfWeek} ({@code MONDAY} …
     * {@code SUNDAY}); {@code endTime} before {@code startTime} crosses midnight.
     */
    public record TimeWindow(List<String> daysOfWeek, String startTime, String endTime, String timeZone) {}
}
