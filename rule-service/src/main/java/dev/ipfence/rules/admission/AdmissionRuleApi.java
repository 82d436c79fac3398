package dev.ipfence.rules.admission;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response records of the admission rule API (seed 003 field names, plus the time window and audit fields). */
public final class AdmissionRuleApi {

    private AdmissionRuleApi() {}

    /**
     * Create (seed {@code CreateAdmissionRule}) or replace (seed {@code UpdateAdmissionRule}).
     * {@code type}: ALLOW when a create leaves it out; an update that leaves it out keeps it.
     */
    @Schema(
            requiredProperties = {"name", "rule", "hasTimeConstraint"},
            example =
                    "{\"name\": \"Engineering Department Access\", \"rule\": \"user.department == 'Engineering'\", \"hasTimeConstraint\": false}")
    public record AdmissionRuleRequest(
            String name, String type, String rule, Boolean hasTimeConstraint, TimeWindow timeWindow) {}

    @Schema(
            requiredProperties = {"id", "name", "type", "rule", "hasTimeConstraint", "createdAt", "updatedAt", "version"
            },
            example =
                    "{\"id\": \"550e8400-e29b-41d4-a716-446655440005\", \"name\": \"Engineering Department Access\", \"type\": \"ALLOW\", \"rule\": \"user.department == 'Engineering'\", \"hasTimeConstraint\": false, \"createdAt\": \"2023-01-15T10:30:00Z\", \"updatedAt\": \"2023-01-15T10:30:00Z\", \"createdBy\": \"alice@example.com\", \"updatedBy\": \"alice@example.com\", \"version\": 1}")
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
