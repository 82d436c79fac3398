package dev.ipfence.console.attempts;

import java.time.Duration;
import java.util.Arrays;

/** The preset time ranges the blocked-attempts page offers, each with the bucket its chart counts per. */
public enum AttemptRange {
    HOUR("1h", "last hour", Duration.ofHours(1), Duration.ofMinutes(1)),
    SIX_HOURS("6h", "last 6 hours", Duration.ofHours(6), Duration.ofMinutes(1)),
    DAY("24h", "last 24 hours", Duration.ofHours(24), Duration.ofHours(1)),
    WEEK("7d", "last 7 days", Duration.ofDays(7), Duration.ofHours(1));

    private final String key;
    private final String label;
    private final Duration length;
    private final Duration bucket;

    AttemptRange(String key, String label, Duration length, Duration bucket) {
        this.key = key;
        this.label = label;
        this.length = length;
        this.bucket = bucket;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    public Duration bucket() {
        return bucket;
    }

    /** The range a {@code ?range=} names; the last hour when it names none. */
    public static AttemptRange of(String key) {
        return Arrays.stream(values())
                .filter(range -> range.key.equals(key))
                .findFirst()
                .orElse(HOUR);
    }
}
