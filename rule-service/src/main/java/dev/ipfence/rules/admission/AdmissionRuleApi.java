package dev.ipfence.rules.admission;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import java.time.Instant;
import java.util.UUID;

/** Request and response records of the admission rule API (seed 003 field names, plus the time window and audit fields). */
public final class AdmissionRuleApi {

    private AdmissionRuleApi() {}

    /**
     * Create (seed {@code CreateAdmissionRule}) or replace (seed {@code UpdateAdmissionRule}).
     * {@code type}: ALLOW when a create leaves it out; an update that leaves it out keeps it.
     */
    public record AdmissionRuleRequest(
            String name, String type, String rule, Boolean hasTimeConstraint, TimeWindow timeWindow) {}

    public record AdmissionRuleResponse(
            UUID id,
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

        static AdmissionRuleResponse of(AdmissionRuleState r) {
            return new AdmissionRuleResponse(
                    r.id(),
                    r.name(),
                    r.type(),
                    r.rule(),
                    r.hasTimeConstraint(),
                    r.timeWindow(),
                    r.createdAt(),
                    r.updatedAt(),
                    r.createdBy(),
                    r.updatedBy(),
                    r.version());
        }
    }
}
