package dev.ipfence.core.events;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A rule as the event contract carries it. Exactly one of {@code cidr} (canonical CIDR) and
 * {@code range} (canonical addresses) is set. {@code ttl} is the time to live last given, in seconds, when
 * {@code expiresAt} came from one (it restarts on each change of ttl); null otherwise.
 */
public record RuleState(
        UUID id,
        UUID orgId,
        String scope,
        UUID scopeId,
        String cidr,
        Range range,
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

    public record Range(String from, String to) {}

    /**
     * The event form of a rule (without label or ttl), last changed at {@code updatedAt} by {@code
     * actor}: the inverse of {@link #toRule}, for tools and tests that write events.
     */
    public static RuleState of(Rule rule, UUID orgId, Instant updatedAt, String actor, long version) {
        IpBlock block = rule.block();
        return new RuleState(
                rule.id(),
                orgId,
                rule.scope().wireName(),
                rule.scopeId(),
                block.isCidr() ? block.toString() : null,
                block.isCidr()
                        ? null
                        : new Range(block.first().toString(), block.last().toString()),
                rule.action().wireName(),
                rule.trafficScopes().stream().sorted().toList(),
                rule.active(),
                null,
                rule.expiresAt(),
                null,
                rule.createdAt(),
                updatedAt,
                actor,
                actor,
                version);
    }

    /** The rule for the decision; addresses were validated when stored, so they parse. */
    public Rule toRule() {
        IpBlock block = range != null ? Addresses.parseRange(range.from(), range.to()) : Addresses.parseNetwork(cidr);
        return new Rule(
                id,
                Scope.fromWireName(scope),
                scopeId,
                block,
                Action.fromWireName(action),
                Set.copyOf(trafficScopes),
                isActive,
                expiresAt,
                createdAt);
    }
}
