package dev.ipfence.core.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key as the event contract carries it. {@code roles} is a subset of {@code ip-access:read}
 * and {@code ip-access:write}; {@code secretHash} is the lowercase hex SHA-256 of the secret (a
 * 256-bit random value), never the secret itself; {@code expiresAt} is null for a key that does
 * not expire; {@code revokedAt} is set once the key was revoked (a revoked key is never deleted,
 * so the change log keeps it).
 */
public record ApiKeyState(
        UUID id,
        UUID orgId,
        String name,
        List<String> roles,
        String secretHash,
        Instant expiresAt,
        Instant revokedAt,
        Instant createdAt,
        Instant updatedAt,
        String createdBy,
        String updatedBy,
        long version) {

    /** The same key without its secret hash: what the audit change log keeps and shows. */
    public ApiKeyState withoutSecretHash() {
        return new ApiKeyState(
                id, orgId, name, roles, null, expiresAt, revokedAt, createdAt, updatedAt, createdBy, updatedBy,
                version);
    }
}
