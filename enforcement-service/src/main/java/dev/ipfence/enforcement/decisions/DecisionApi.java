package dev.ipfence.enforcement.decisions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.policy.PolicyModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response records of the decision API. */
public final class DecisionApi {

    private DecisionApi() {}

    /**
     * One decision request; {@code identity} (optional) makes the organization's policies decide
     * after the IP rules, for {@code resource} reached through {@code gateway} (both optional).
     */
    @Schema(
            requiredProperties = {"environmentId"},
            example =
                    "{\"ip\": \"198.51.100.4\", \"environmentId\": \"497f6eca-6276-4993-bfeb-53cbbbba6f08\", \"trafficScope\": \"http\", \"method\": \"GET\", \"path\": \"/checkout\"}")
    public record DecisionRequest(
            String ip,

            @Schema(type = SchemaType.STRING, format = "uuid")
            String environmentId,

            String trafficScope,
            String method,
            String path,
            String target,
            IdentityBody identity,
            ResourceBody resource,
            String gateway) {}

    public record IdentityBody(UserBody user, DeviceBody device) {}

    public record UserBody(
            String id, String email, List<String> groups, String department, Map<String, Object> attributes) {}

    public record DeviceBody(String id, Map<String, Object> attributes) {}

    public record ResourceBody(String id, String type) {}

    @Schema(
            requiredProperties = {"requests"},
            example =
                    "{\"requests\": [{\"ip\": \"203.0.113.7\", \"environmentId\": \"497f6eca-6276-4993-bfeb-53cbbbba6f08\", \"trafficScope\": \"http\"}, {\"ip\": \"198.51.100.4\", \"environmentId\": \"497f6eca-6276-4993-bfeb-53cbbbba6f08\", \"trafficScope\": \"http\"}]}")
    public record BatchRequest(List<DecisionRequest> requests) {}

    @Schema(
            requiredProperties = {"decision", "reason"},
            example = "{\"decision\": \"DENY\", \"reason\": \"NOT_ALLOWLISTED\"}")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionResponse(
            String decision,
            String reason,
            UUID ruleId,
            String ruleScope,
            UUID policyId,
            UUID admissionRuleId,
            ExplainResponse explain) {

        static DecisionResponse of(Decision decision, ExplainResponse explain) {
            return new DecisionResponse(
                    decision.action().name(),
                    decision.reason().name(),
                    decision.ruleId(),
                    decision.ruleScope() == null ? null : decision.ruleScope().wireName(),
                    decision.policyId(),
                    decision.admissionRuleId(),
                    explain);
        }
    }

    @Schema(
            requiredProperties = {"decisions"},
            example =
                    "{\"decisions\": [{\"decision\": \"ALLOW\", \"reason\": \"ALLOW_RULE\", \"ruleId\": \"7c9e6679-7425-40de-944b-e07fc1f90ae7\", \"ruleScope\": \"environment\"}, {\"decision\": \"DENY\", \"reason\": \"NOT_ALLOWLISTED\"}]}")
    public record BatchResponse(List<DecisionResponse> decisions) {}

    /**
     * Every rule that took part, and those containing the address (most specific first); each list
     * holds at most {@code ipfence.enforcement.explain-rules-max} rules, the counts are complete.
     * For a request with an identity, {@code policies}: every policy covering the resource, in id
     * order (at most {@code explain-rules-max} of them, {@code policiesCount} in all).
     */
    @Schema(requiredProperties = {"takingPartCount", "takingPart", "matchedCount", "matched"})
    public record ExplainResponse(
            String allowListFrom,
            int takingPartCount,
            List<RuleView> takingPart,
            int matchedCount,
            List<RuleView> matched,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer policiesCount,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<PolicyView> policies) {

        /** An explanation with at most {@code max} rules (and policies) in each list. */
        static ExplainResponse of(DecisionService.Explanation found, int max) {
            return new ExplainResponse(
                    found.allowListFrom() == null ? null : found.allowListFrom().wireName(),
                    found.takingPart().size(),
                    found.takingPart().stream().limit(max).map(RuleView::of).toList(),
                    found.matched().size(),
                    found.matched().stream().limit(max).map(RuleView::of).toList(),
                    found.policies() == null ? null : found.policies().size(),
                    found.policies() == null
                            ? null
                            : found.policies().stream()
                                    .limit(max)
                                    .map(PolicyView::of)
                                    .toList());
        }
    }

    /**
     * How one policy covering the resource was judged: {@code matched} the request (subject, type,
     * gateway, sourceIps, mode), {@code applied} with {@code effect}, and {@code why}: the first
     * check it failed, or what made its effect.
     */
    @Schema(requiredProperties = {"policyId", "matched", "applied"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PolicyView(
            UUID policyId, boolean matched, boolean applied, String effect, UUID admissionRuleId, String why) {

        static PolicyView of(PolicyModel.Considered considered) {
            return new PolicyView(
                    considered.policyId(),
                    considered.matched(),
                    considered.applied(),
                    considered.effect() == null ? null : considered.effect().name(),
                    considered.admissionRuleId(),
                    considered.why());
        }
    }

    @Schema(requiredProperties = {"id", "scope", "scopeId", "action", "trafficScopes"})
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
