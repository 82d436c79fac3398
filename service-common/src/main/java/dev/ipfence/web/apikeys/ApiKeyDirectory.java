package dev.ipfence.web.apikeys;

import dev.ipfence.core.events.ApiKeyState;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Where a service looks up the API key a request presents. rule-service reads its database
 * (authoritative); enforcement-service and audit-service keep the keys of {@code ipfence.rules.v1}
 * in memory ({@link ApiKeyTable}).
 */
public interface ApiKeyDirectory {

    /** What a service knows of one key id. */
    sealed interface Entry {}

    /** The key's current state (expired or revoked ones included: the caller tells them apart). */
    record Known(ApiKeyState state) implements Entry {}

    /** No key with this id. */
    record Unknown() implements Entry {}

    /** A key whose last record could not be read: refused until a valid record replaces it (fail closed). */
    record Refused(String reason) implements Entry {}

    Entry UNKNOWN = new Unknown();

    /** The key with this id. */
    Uni<Entry> find(UUID id);

    /** Called after a key authenticated a request; must not delay it. */
    default void used(UUID id) {}
}
