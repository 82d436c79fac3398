package dev.ipfence.enforcement.blocked;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Random (version 4) UUIDs as {@link UUID#randomUUID()} makes them, from the same kind of source,
 * but with the random bytes of {@value #PER_BLOCK} ids drawn at once: one draw from the shared
 * {@code SecureRandom} per id cost the publishing thread more than writing the event's JSON.
 * Used by one thread.
 */
final class EventIds implements Supplier<UUID> {

    static final int PER_BLOCK = 256;

    private final SecureRandom random;
    private final ByteBuffer block = ByteBuffer.allocate(16 * PER_BLOCK);

    EventIds(SecureRandom random) {
        this.random = random;
        block.position(block.limit());
    }

    @Override
    public UUID get() {
        if (!block.hasRemaining()) {
            random.nextBytes(block.array());
            block.clear();
        }
        long high = block.getLong();
        long low = block.getLong();
        // the version (4) and variant (IETF) bits, as UUID.randomUUID sets them
        high = (high & ~0xf000L) | 0x4000L;
        low = (low & ~(0xc0L << 56)) | (0x80L << 56);
        return new UUID(high, low);
    }
}
