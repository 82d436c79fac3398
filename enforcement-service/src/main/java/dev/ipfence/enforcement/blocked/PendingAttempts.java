package dev.ipfence.enforcement.blocked;

import dev.ipfence.core.model.Decision;
import dev.ipfence.enforcement.blocked.BlockedAttempts.Attempt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The attempts of one merge window: identical ones (same environment, address, rule, reason,
 * traffic scope and policy) become one event with a count, the first attempt's text and the last
 * one's time. Used by one thread.
 */
final class PendingAttempts {

    private record Key(
            UUID environmentId, String ip, UUID ruleId, Decision.Reason reason, String trafficScope, UUID policyId) {}

    /** Identical attempts merged: the first one as it was, how many, and the time of the last. */
    static final class Merged {
        private final Attempt first;
        private long lastMillis;
        private long count;

        private Merged(Attempt first) {
            this.first = first;
            this.lastMillis = first.timestampMillis();
        }

        Attempt first() {
            return first;
        }

        long lastMillis() {
            return lastMillis;
        }

        long count() {
            return count;
        }
    }

    private final Map<Key, Merged> pending = new LinkedHashMap<>();

    /** Adds an attempt; true when it merged into one added before (so it is not kept itself). */
    boolean add(Attempt attempt) {
        Key key = new Key(
                attempt.environmentId(),
                attempt.ip(),
                attempt.ruleId(),
                attempt.reason(),
                attempt.trafficScope(),
                attempt.policyId());
        Merged merged = pending.computeIfAbsent(key, k -> new Merged(attempt));
        merged.count++;
        merged.lastMillis = Math.max(merged.lastMillis, attempt.timestampMillis());
        return merged.count > 1;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Everything merged so far, in the order first seen; the window starts empty again. */
    List<Merged> drain() {
        List<Merged> all = new ArrayList<>(pending.values());
        pending.clear();
        return all;
    }
}
