package dev.ipfence.rules.rules;

import dev.ipfence.core.events.RuleState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response records of the IP access rule API (seed 000 field names, plus extensions). */
public final class RuleApi {

    private RuleApi() {}

    /**
     * Create or update a rule. On update every absent field keeps its value. {@code cidr} and
     * {@code range} are alternatives; {@code ttl} (seconds, 0 = never) and {@code expiresAt} too.
     * {@code expiresAt} and {@code ttl} are read as text and as any JSON number, so that a value
     * Java types cannot hold ({@code 1e400}, year 1000000000) is refused by {@code RuleInput} with
     * the field's range, like any other value outside it.
     */
    public record RuleRequest(
            String cidr,
            RangeBody range,
            String action,
            List<String> trafficScopes,
            Boolean isActive,
            String label,

            @Schema(type = SchemaType.STRING, format = "date-time")
            String expiresAt,

            @Schema(type = SchemaType.INTEGER, format = "int64")
            BigDecimal ttl) {}

    public record RangeBody(String from, String to) {}

    public record RuleResponse(
            UUID id,
            String scope,
            UUID scopeId,
            String cidr,
            RangeBody range,
            String action,
            List<String> trafficScopes,
            boolean isActive,
            String label,
            Instant expiresAt,
            Long ttl,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {

        static RuleResponse of(RuleState r) {
            return new RuleResponse(
                    r.id(),
                    r.scope(),
                    r.scopeId(),
                    r.cidr(),
                    r.range() == null
                            ? null
                            : new RangeBody(r.range().from(), r.range().to()),
                    r.action(),
                    r.trafficScopes(),
                    r.isActive(),
                    r.label(),
                    r.expiresAt(),
                    r.ttl(),
                    r.createdAt(),
                    r.updatedAt(),
                    r.createdBy(),
                    r.updatedBy(),
                    r.version());
        }
    }

    public record RuleList(List<RuleResponse> rules, int total) {}

    /** {@code cidrs}: entries separated by newlines, commas or whitespace; {@code #} starts a comment. */
    public record BulkRequest(
            String cidrs, String label, List<String> trafficScopes, String action, Boolean isActive) {}

    public record BulkResponse(int created, int skipped, List<String> errors) {}

    public record EffectiveRules(
            String inheritedFrom, UUID inheritedFromId, String inheritedFromName, List<RuleResponse> rules) {}
}
