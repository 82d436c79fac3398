package dev.ipfence.core.model;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The reference implementation of the access model's decision, written to be obviously right
 * rather than fast: every faster matcher must give the same decision, reason and rule.
 */
public final class AccessModel {

    /** Most specific first: fewest addresses, deny before allow, nearest scope, oldest, smallest id. */
    public static final Comparator<Rule> MOST_SPECIFIC_FIRST = Comparator.<Rule, IpBlock>comparing(
                    Rule::block, IpBlock::compareSize)
            .thenComparing(rule -> rule.action() == Action.DENY ? 0 : 1)
            .thenComparing(Rule::scope)
            .thenComparing(Rule::createdAt)
            .thenComparing(Rule::id);

    private AccessModel() {}

    /** The rules taking part for {@code trafficScope} at {@code now}, and where the allow list came from. */
    public record TakingPart(List<Rule> rules, Scope allowListScope) {}

    public static TakingPart takingPart(ScopeChain chain, String trafficScope, Instant now) {
        List<Rule> rules = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            for (Rule rule : chain.rulesOf(scope)) {
                if (rule.action() == Action.DENY && rule.isLive(trafficScope, now)) {
                    rules.add(rule);
                }
            }
        }
        Scope allowListScope = null;
        for (Scope scope : Scope.values()) {
            List<Rule> allows = chain.rulesOf(scope).stream()
                    .filter(rule -> rule.action() == Action.ALLOW && rule.isLive(trafficScope, now))
                    .toList();
            if (!allows.isEmpty()) {
                rules.addAll(allows);
                allowListScope = scope;
                break;
            }
        }
        return new TakingPart(List.copyOf(rules), allowListScope);
    }

    public static Decision decide(ScopeChain chain, IpAddress client, String trafficScope, Instant now) {
        TakingPart takingPart = takingPart(chain, trafficScope, now);
        return takingPart.rules().stream()
                .filter(rule -> rule.block().contains(client))
                .min(MOST_SPECIFIC_FIRST)
                .map(Decision::of)
                .orElseGet(() -> takingPart.allowListScope() != null
                        ? Decision.without(Action.DENY, Decision.Reason.NOT_ALLOWLISTED)
                        : Decision.without(Action.ALLOW, Decision.Reason.NO_RULES));
    }
}
