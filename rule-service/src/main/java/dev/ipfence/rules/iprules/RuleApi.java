package dev.ipfence.rules.iprules;

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
    @Schema(
            description = "A create needs cidr or range (not both); an update keeps the value of every absent field",
            example =
                    "{\"cidr\": \"203.0.113.0/24\", \"action\": \"allow\", \"trafficScopes\": [\"http\"], \"isActive\": true, \"label\": \"office\"}")
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

    @Schema(requiredProperties = {"from", "to"})
    public record RangeBody(String from, String to) {}

    @Schema(
            requiredProperties = {
                "id",
                "scope",
                "scopeId",
                "action",
                "trafficScopes",
                "isActive",
                "createdAt",
                "updatedAt",
                "version"
            },
            example =
                    "{\"id\": \"7c9e6679-7425-40de-944b-e07fc1f90ae7\", \"scope\": \"environment\", \"scopeId\": \"497f6eca-6276-4993-bfeb-53cbbbba6f08\", \"cidr\": \"203.0.113.0/24\", \"action\": \"allow\", \"trafficScopes\": [\"http\"], \"isActive\": true, \"label\": \"office\", \"createdAt\": \"2026-01-15T10:30:00Z\", \"updatedAt\": \"2026-01-15T10:30:00Z\", \"createdBy\": \"alice@example.com\", \"updatedBy\": \"alice@example.com\", \"version\": 1}")
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

    @Schema(
            requiredProperties = {"rules", "total"},
            example =
                    "{\"rules\": [{\"id\": \"7c9e6679-7425-40de-944b-e07fc1f90ae7\", \"scope\": \"environment\", \"scopeId\": \"497f6eca-6276-4993-bfeb-53cbbbba6f08\", \"cidr\": \"203.0.113.0/24\", \"action\": \"allow\", \"trafficScopes\": [\"http\"], \"isActive\": true, \"label\": \"office\", \"createdAt\": \"2026-01-15T10:30:00Z\", \"updatedAt\": \"2026-01-15T10:30:00Z\", \"createdBy\": \"alice@example.com\", \"updatedBy\": \"alice@example.com\", \"version\": 1}], \"total\": 1}")
    public record RuleList(List<RuleResponse> rules, int total) {}

    /** {@code cidrs}: entries separated by newlines, commas or whitespace; {@code #} starts a comment. */
    @Schema(
            requiredProperties = {"cidrs"},
            example =
                    "{\"cidrs\": \"198.51.100.0/24, 203.0.113.0/24\\n10.0.0.5/24 # VPN\", \"label\": \"partners\", \"trafficScopes\": [\"http\"], \"action\": \"allow\"}")
    public record BulkRequest(
            String cidrs, String label, List<String> trafficScopes, String action, Boolean isActive) {}

    @Schema(
            requiredProperties = {"created", "skipped", "errors"},
            example =
                    "{\"created\": 2, \"skipped\": 0, \"errors\": [\"entry 3: \\\"10.0.0.5/24\\\" has host bits set: did you mean 10.0.0.0/24?\"]}")
    public record BulkResponse(int created, int skipped, List<String> errors) {}

    @Schema(requiredProperties = {"rules"})
    public record EffectiveRules(
            String inheritedFrom, UUID inheritedFromId, String inheritedFromName, List<RuleResponse> rules) {}
}
