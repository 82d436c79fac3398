package dev.ipfence.rules.iprules;

import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Action;
import java.util.List;

/**
 * A validated change of a rule ({@link RuleInput#forChange}): each field null where the request
 * leaves it as it is; an expiry of {@link RuleInput.Expiry#NEVER} removes the rule's expiry.
 */
public record RuleChange(
        IpBlock block,
        Action action,
        List<String> trafficScopes,
        Boolean active,
        String label,
        RuleInput.Expiry expiry) {

    /** The rule {@code existing} becomes. */
    RuleInput.Spec applyTo(RuleState existing) {
        RuleInput.Expiry kept = expiry == null ? new RuleInput.Expiry(existing.expiresAt(), existing.ttl()) : expiry;
        return new RuleInput.Spec(
                block == null ? RuleStates.blockOf(existing) : block,
                action == null ? Action.fromWireName(existing.action()) : action,
                trafficScopes == null ? existing.trafficScopes() : trafficScopes,
                active == null ? existing.isActive() : active,
                label == null ? existing.label() : label,
                kept.at(),
                kept.ttl());
    }
}
