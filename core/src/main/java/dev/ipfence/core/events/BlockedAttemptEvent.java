package dev.ipfence.core.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The data of an event on {@code ipfence.blocked-attempts.v1}: one denied request, or under a flood
 * {@code count} identical ones (same environment, address, rule and reason) seen from
 * {@code timestamp} to {@code lastTimestamp}; method, path and target are the first one's.
 * {@code policyId} names the policy of a {@code POLICY_DENY} (null otherwise). The
 * record key is the environment id; {@code id} is unique per event (consumers de-duplicate on it).
 *
 * <p>The text fields come from the request, so from whoever sent it: producers cut them to the
 * {@code MAX_*_CHARS} below ({@link #capped}) and consumers may rely on it (and cut again).
 */
public record BlockedAttemptEvent(
        UUID id,
        String ip,
        String method,
        String path,
        String target,
        Instant timestamp,
        Instant lastTimestamp,
        UUID environmentId,
        UUID orgId,
        String trafficScope,
        UUID ruleId,
        String reason,
        long count,
        UUID policyId) {

    /** An event without a policy: an IP decision's DENY. */
    public BlockedAttemptEvent(
            UUID id,
            String ip,
            String method,
            String path,
            String target,
            Instant timestamp,
            Instant lastTimestamp,
            UUID environmentId,
            UUID orgId,
            String trafficScope,
            UUID ruleId,
            String reason,
            long count) {
        this(
                id,
                ip,
                method,
                path,
                target,
                timestamp,
                lastTimestamp,
                environmentId,
                orgId,
                trafficScope,
                ruleId,
                reason,
                count,
                null);
    }

    public static final String CLOUD_EVENT_TYPE = "dev.ipfence.blocked-attempt";

    /** Longest {@code method} kept, in characters (the longest registered HTTP method has 17). */
    public static final int MAX_METHOD_CHARS = 16;

    /** Longest {@code path} (with its query) kept, in characters. */
    public static final int MAX_PATH_CHARS = 2048;

    /** Longest {@code target} (host name) kept, in characters: a DNS name has at most 253. */
    public static final int MAX_TARGET_CHARS = 255;

    /** Longest {@code ip} kept: a canonical address has at most 39; longer is raw header text. */
    public static final int MAX_IP_CHARS = 64;

    /** Longest {@code reason} and {@code trafficScope} kept. */
    public static final int MAX_NAME_CHARS = 64;

    /** This event with every text field cut to its {@code MAX_*_CHARS}. */
    public BlockedAttemptEvent capped() {
        return new BlockedAttemptEvent(
                id,
                cap(ip, MAX_IP_CHARS),
                cap(method, MAX_METHOD_CHARS),
                cap(path, MAX_PATH_CHARS),
                cap(target, MAX_TARGET_CHARS),
                timestamp,
                lastTimestamp,
                environmentId,
                orgId,
                cap(trafficScope, MAX_NAME_CHARS),
                ruleId,
                cap(reason, MAX_NAME_CHARS),
                count,
                policyId);
    }

    /**
     * {@code text} cut to at most {@code max} characters (null stays null), never between the two
     * halves of a surrogate pair: a cut there drops the whole character.
     */
    public static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
