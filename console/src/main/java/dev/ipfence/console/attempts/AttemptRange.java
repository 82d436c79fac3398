package dev.ipfence.console.attempts;

import java.time.Duration;
import java.util.Arrays;

/** The preset time ranges the blocked-attempts page offers, each ending now ({@link AttemptWindow}). */
public enum AttemptRange {
    HOUR("1h", "last hour", Duration.ofHours(1)),
    SIX_HOURS("6h", "last 6 hours", Duration.ofHours(6)),
    DAY("24h", "last 24 hours", Duration.ofHours(24)),
    WEEK("7d", "last 7 days", Duration.ofDays(7));

    private final String key;
    private final String label;
    private final Duration length;

    AttemptRange(String key, String label, Duration length) {
        this.key = key;
        this.label = label;
        this.length = length;
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

    /** The range a {@code ?range=} names; the last hour when it names none. */
    public static AttemptRange of(String key) {
        return Arrays.stream(values())
                .filter(range -> range.key.equals(key))
                .findFirst()
                .orElse(HOUR);
    }
}
