package dev.ipfence.core.events;

import java.util.UUID;

/**
 * The keys of {@code ipfence.rules.v1}: an entity's id as {@link UUID#toString()} writes it
 * (lower-case, 8-4-4-4-12 hex digits). Kafka compacts by the key's bytes, so only that spelling
 * names the entity: {@link UUID#fromString} also reads capitals and short forms such as
 * {@code 0-0-0-0-0}, whose records compaction keeps apart from the entity's own.
 */
public final class RecordKeys {

    private RecordKeys() {}

    /** The id {@code key} names, or null when it is not an id in its canonical spelling. */
    public static UUID entityId(String key) {
        if (key == null || key.length() != 36) {
            return null;
        }
        try {
            UUID id = UUID.fromString(key);
            return key.equals(id.toString()) ? id : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
