package dev.ipfence.core.model;

import dev.ipfence.core.address.IpBlock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What the decision needs of an IP rule. {@code trafficScopes} empty means all traffic;
 * {@code expiresAt} null means never. A rule that decides is the decision itself.
 */
public record Rule(
        UUID id,
        Scope scope,
        UUID scopeId,
        IpBlock block,
        Action action,
        Set<String> trafficScopes,
        boolean active,
        Instant expiresAt,
        Instant createdAt)
        implements Decision {

    public Rule {
        trafficScopes = Set.copyOf(trafficScopes);
    }

    /** Active, not expired at {@code now}, and applying to {@code trafficScope} (null: none given). */
    public boolean isLive(String trafficScope, Instant now) {
        if (!active || (expiresAt != null && !now.isBefore(expiresAt))) {
            return false;
        }
        return trafficScopes.isEmpty() || (trafficScope != null && trafficScopes.contains(trafficScope));
    }

    /** As a decision: {@link Reason#DENY_RULE} or {@link Reason#ALLOW_RULE}. */
    @Override
    public Reason reason() {
        return action == Action.DENY ? Reason.DENY_RULE : Reason.ALLOW_RULE;
    }

    @Override
    public UUID ruleId() {
        return id;
    }

    @Override
    public Scope ruleScope() {
        return scope;
    }
}
