package dev.ipfence.rules.iprules;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Action;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/** Rule states made from a validated {@link RuleInput.Spec}: a new rule, or the next version of one. */
final class RuleStates {

    private RuleStates() {}

    static RuleState created(ScopeRef scope, RuleInput.Spec spec, String actor, Instant now) {
        return state(
                RuleIds.next(),
                scope.orgId(),
                scope.scope().wireName(),
                scope.scopeId(),
                spec,
                now,
                now,
                actor,
                actor,
                1);
    }

    static RuleState updated(RuleState existing, RuleInput.Spec spec, String actor, Instant now) {
        return state(
                existing.id(),
                existing.orgId(),
                existing.scope(),
                existing.scopeId(),
                spec,
                existing.createdAt(),
                now,
                existing.createdBy(),
                actor,
                existing.version() + 1);
    }

    /** What makes a stored rule a duplicate of a new one at the same scope ({@link RuleInput.Spec#duplicateKey}). */
    static String duplicateKey(RuleState rule) {
        return new RuleInput.Spec(
                        blockOf(rule),
                        Action.fromWireName(rule.action()),
                        List.copyOf(new TreeSet<>(rule.trafficScopes())),
                        true,
                        null,
                        null,
                        null)
                .duplicateKey();
    }

    /** The address block a stored rule holds. */
    static IpBlock blockOf(RuleState rule) {
        return rule.range() != null
                ? Addresses.parseRange(rule.range().from(), rule.range().to())
                : Addresses.parseNetwork(rule.cidr());
    }

    private static RuleState state(
            UUID id,
            UUID orgId,
            String scope,
            UUID scopeId,
            RuleInput.Spec spec,
            Instant createdAt,
            Instant updatedAt,
            String createdBy,
            String updatedBy,
            long version) {
        IpBlock block = spec.block();
        return new RuleState(
                id,
                orgId,
                scope,
                scopeId,
                block.isCidr() ? block.toString() : null,
                block.isCidr()
                        ? null
                        : new RuleState.Range(
                                block.first().toString(), block.last().toString()),
                spec.action().wireName(),
                spec.trafficScopes(),
                spec.active(),
                spec.label(),
                spec.expiresAt(),
                spec.ttl(),
                createdAt,
                updatedAt,
                createdBy,
                updatedBy,
                version);
    }
}
