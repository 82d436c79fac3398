package dev.ipfence.enforcement.state;

import java.time.Instant;
import java.util.UUID;

/**
 * A record of {@code ipfence.rules.v1} that could not be applied or compiled, held until a later
 * record of the same entity replaces it. Every chain through {@code failsClosed} answers DENY
 * {@code RULES_UNAVAILABLE} meanwhile.
 *
 * @param key the record key as written (the entity id, when it is one)
 * @param entityType as the record says, or null when unreadable
 * @param orgId the organization, when readable
 * @param failsClosed the narrowest scope known to be affected (the rule's scope, the environment,
 *     the project or the organization); for an admission rule, policy group or policy, its
 *     organization, whose requests with an identity (only) fail closed; null when not even the
 *     organization can be read
 * @param source topic, partition and offset of the record
 * @param reason why it was refused
 */
public record QuarantinedRecord(
        String key,
        String entityType,
        UUID orgId,
        UUID failsClosed,
        String source,
        String reason,
        Instant quarantinedAt) {}
