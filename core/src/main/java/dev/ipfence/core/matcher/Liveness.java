package dev.ipfence.core.matcher;

import dev.ipfence.core.model.Rule;
import java.time.Instant;
import java.util.Set;

/**
 * When a rule is live (step 2 of the access model) for every fast structure: not expired by the
 * enforcer's clock, and applying to the request's traffic scope. Inactive rules never reach a
 * compiled structure. {@link Rule#isLive} is the readable reference.
 */
public final class Liveness {

    /** The expiry of a rule that never expires. */
    public static final long NEVER = Long.MAX_VALUE;

    /** No traffic scope: the request names none, or none that a rule of the scope names. */
    static final int NO_TRAFFIC_SCOPE = -1;

    private Liveness() {}

    /** Microseconds since the epoch: the clock resolution of stored rules and of lookups. */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** The instant of {@link #micros}: its inverse. */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The rule's expiry in {@link #micros}, or {@link #NEVER}. */
    static long expiresAt(Rule rule) {
        return rule.expiresAt() == null ? NEVER : micros(rule.expiresAt());
    }

    /** Whether an expiry from {@link #expiresAt} is a real one. */
    static boolean expires(long expiresAt) {
        return expiresAt != NEVER;
    }

    /** Expired at and after its expiry. */
    static boolean expired(long expiresAt, long nowMicros) {
        return expiresAt <= nowMicros;
    }

    /**
     * Whether a rule with these traffic scope ids applies to a request's traffic scope id (both
     * numbered by the rule's scope; {@link #NO_TRAFFIC_SCOPE} for none): it names none, or that one.
     */
    static boolean appliesTo(int[] ruleTrafficScopeIds, int trafficScopeId) {
        if (ruleTrafficScopeIds.length == 0) {
            return true;
        }
        if (trafficScopeId == NO_TRAFFIC_SCOPE) {
            return false;
        }
        for (int id : ruleTrafficScopeIds) {
            if (id == trafficScopeId) {
                return true;
            }
        }
        return false;
    }

    /** {@link #appliesTo(int[], int)} by name ({@code trafficScope} null for none), for builds. */
    static boolean appliesTo(Set<String> ruleTrafficScopes, String trafficScope) {
        return ruleTrafficScopes.isEmpty() || (trafficScope != null && ruleTrafficScopes.contains(trafficScope));
    }
}
