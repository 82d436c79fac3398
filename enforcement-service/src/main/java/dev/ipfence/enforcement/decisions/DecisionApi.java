package dev.ipfence.enforcement.decisions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request and response records of the decision API. */
public final class DecisionApi {

    private DecisionApi() {}

    public record DecisionRequest(
            String ip, String environmentId, String trafficScope, String method, String path, String target) {}

    public record BatchRequest(List<DecisionRequest> requests) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionResponse(
            String decision, String reason, UUID ruleId, String ruleScope, ExplainResponse explain) {

        static DecisionResponse of(Decision decision, ExplainResponse explain) {
            return new DecisionResponse(
                    decision.action().name(),
                    decision.reason().name(),
                    decision.ruleId(),
                    decision.ruleScope() == null ? null : decision.ruleScope().wireName(),
                    explain);
        }
    }

    public record BatchResponse(List<DecisionResponse> decisions) {}

    /**
     * Every rule that took part, and those containing the address (most specific first); each list
     * holds at most {@code ipfence.enforcement.explain-rules-max} rules, the counts are complete.
     */
    public record ExplainResponse(
            String allowListFrom,
            int takingPartCount,
            List<RuleView> takingPart,
            int matchedCount,
            List<RuleView> matched) {}

    public record RuleView(
            UUID id,
            String scope,
            UUID scopeId,
            String cidr,
            String range,
            String action,
            List<String> trafficScopes,
            Instant expiresAt) {

        static RuleView of(Rule rule) {
            IpBlock block = rule.block();
            return new RuleView(
                    rule.id(),
                    rule.scope().wireName(),
                    rule.scopeId(),
                    block.isCidr() ? block.toString() : null,
                    block.isCidr() ? null : block.toString(),
                    rule.action().wireName(),
                    rule.trafficScopes().stream().sorted().toList(),
                    rule.expiresAt());
        }
    }
}
