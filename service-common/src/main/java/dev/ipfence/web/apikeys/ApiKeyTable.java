package dev.ipfence.web.apikeys;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ipfence.core.events.ApiKeyState;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The API keys of {@code ipfence.rules.v1} in memory: the directory of the services that follow the
 * topic. Per key the highest version wins. A record of a key that cannot be read (not the
 * contract's JSON, no org, no hash, an unknown role...) refuses that key until a valid later record
 * replaces it: a malformed record never makes a key valid, and any other record under a key's id
 * ends its validity. Thread-safe: one writer, many readers.
 */
public class ApiKeyTable implements ApiKeyDirectory {

    private static final Logger LOG = Logger.getLogger(ApiKeyTable.class);
    private static final Set<String> ROLES = Set.of("ip-access:read", "ip-access:write");

    private final ObjectReader states;
    private final Map<UUID, Entry> keys = new ConcurrentHashMap<>();
    private final Map<UUID, Long> versions = new ConcurrentHashMap<>();

    public ApiKeyTable(ObjectMapper json) {
        this.states = json.readerFor(ApiKeyState.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public Uni<Entry> find(UUID id) {
        return Uni.createFrom().item(lookup(id));
    }

    public Entry lookup(UUID id) {
        return id == null ? UNKNOWN : keys.getOrDefault(id, UNKNOWN);
    }

    public int size() {
        return keys.size();
    }

    /** Forgets everything, before a replay from offset 0. */
    public void clear() {
        keys.clear();
        versions.clear();
    }

    /** What a record did to the table: what a checkpoint of it must keep of the record. */
    public enum Change {
        /** Nothing: a stale copy, or a record under an id that names no key. */
        NONE,
        /** The key's state and version are now this record's. */
        VERSION,
        /** The key is refused (or, by a stale deletion, gone), its version unchanged. */
        REFUSAL
    }

    /** Applies the {@code entity} of an apiKey event with record key {@code id}. */
    public Change apply(UUID id, long version, JsonNode entity) {
        ApiKeyState state;
        try {
            state = entity == null || entity.isNull() ? null : states.readValue(entity);
        } catch (java.io.IOException | RuntimeException e) {
            return refuse(id, version, "the apiKey entity is not valid: " + e.getMessage());
        }
        return apply(id, version, state);
    }

    /** Applies a key's state as read from an event; an invalid one refuses the key. */
    public Change apply(UUID id, long version, ApiKeyState state) {
        String problem = problem(id, state);
        if (problem != null) {
            return refuse(id, version, problem);
        }
        if (!newer(id, version)) {
            // a repeated or older record: it neither undoes a revoke nor mends a refused key
            return Change.NONE;
        }
        versions.put(id, version);
        keys.put(id, new Known(state));
        return Change.VERSION;
    }

    /** A record of key {@code id} whose version could not be read either. */
    public Change refuse(UUID id, String reason) {
        return refuse(id, 0, reason);
    }

    /**
     * A record of key {@code id} (version {@code version}, 0 when unreadable) that cannot be
     * trusted: the key is refused until a valid record of a higher version arrives.
     */
    public Change refuse(UUID id, long version, String reason) {
        if (id == null) {
            return Change.NONE;
        }
        LOG.errorf("API key %s is refused until a valid later record of it arrives: %s", id, reason);
        Change change = newer(id, version) ? Change.VERSION : Change.REFUSAL;
        versions.merge(id, version, Math::max);
        keys.put(id, new Refused(reason));
        return change;
    }

    /**
     * A record under {@code id} that is not an API key's: another entity's, or one that cannot be
     * read at all. A key known under that id is refused: the record may have been its revocation,
     * and compaction keeps only this record of the id. An id that names no key is left alone.
     */
    public Change notAnApiKeyRecord(UUID id) {
        if (id == null || !(keys.get(id) instanceof Known)) {
            return Change.NONE;
        }
        String reason = "the last record under the key's id is not a readable API key record";
        LOG.errorf("API key %s is refused until a valid later record of it arrives: %s", id, reason);
        keys.put(id, new Refused(reason));
        return Change.REFUSAL;
    }

    /**
     * The deletion of key {@code id} in {@code version}: the key is gone, whatever its version (ids
     * are never used again), and a record of it no newer than the deletion (a stale copy delivered
     * again) does not bring it back. Only its tombstone forgets the versions.
     */
    public Change delete(UUID id, long version) {
        Change change = newer(id, version) ? Change.VERSION : Change.REFUSAL;
        versions.merge(id, version, Math::max);
        keys.remove(id);
        return change;
    }

    private boolean newer(UUID id, long version) {
        Long known = versions.get(id);
        return known == null || version > known;
    }

    /** The tombstone of an entity: if it was a key, it is gone. */
    public void forget(UUID id) {
        keys.remove(id);
        versions.remove(id);
    }

    static String problem(UUID id, ApiKeyState state) {
        if (state == null) {
            return "the event carries no entity";
        }
        if (!id.equals(state.id())) {
            return "the entity id " + state.id() + " is not the record key";
        }
        if (state.orgId() == null) {
            return "the key names no orgId";
        }
        if (state.secretHash() == null || !state.secretHash().matches("[0-9a-f]{64}")) {
            return "the key has no SHA-256 secretHash";
        }
        if (state.roles() == null || !state.roles().stream().allMatch(role -> role != null && ROLES.contains(role))) {
            return "the key's roles are not a subset of " + ROLES;
        }
        return null;
    }
}
