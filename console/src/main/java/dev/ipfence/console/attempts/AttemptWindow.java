package dev.ipfence.console.attempts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The time range the blocked-attempts page shows: a preset ({@link AttemptRange}) ending now, or,
 * with {@code range=custom} (or no {@code range} but a {@code since} or {@code until}), a custom
 * {@code since} (required) and {@code until} (default now), each an RFC 3339 instant or a date and
 * time in UTC as a {@code datetime-local} field sends it ({@code 2026-01-15T10:30}). The chart
 * counts per minute up to {@link #MINUTE_BUCKETS_UP_TO} and per hour beyond.
 */
public record AttemptWindow(Instant since, Instant until, String bucket, String label, AttemptRange preset) {

    public static final Duration MINUTE_BUCKETS_UP_TO = Duration.ofHours(6);
    public static final String CUSTOM = "custom";

    /** A since/until the page cannot show: which field, and why. */
    public static final class Invalid extends Exception {
        private final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public boolean custom() {
        return preset == null;
    }

    /** The {@code since} to show in a {@code datetime-local} field (UTC, to the minute). */
    public String sinceField() {
        return field(since);
    }

    public String untilField() {
        return field(until);
    }

    public static AttemptWindow of(String range, String since, String until, Instant now, Duration maxRange)
            throws Invalid {
        boolean hasSince = since != null && !since.isBlank();
        boolean hasUntil = until != null && !until.isBlank();
        boolean custom = CUSTOM.equals(range) || ((range == null || range.isBlank()) && (hasSince || hasUntil));
        if (!custom) {
            AttemptRange preset = AttemptRange.of(range);
            Instant start = now.minus(preset.length());
            return new AttemptWindow(start, now, bucket(preset.length()), preset.label(), preset);
        }
        if (!hasSince) {
            throw new Invalid("since", "Give the start of the custom range.");
        }
        Instant start = instant(since, "since");
        Instant end = hasUntil ? instant(until, "until") : now;
        if (!start.isBefore(end)) {
            throw new Invalid("since", "The start (" + start + ") must be before the end (" + end + ").");
        }
        Duration length = Duration.between(start, end);
        if (length.compareTo(maxRange) > 0) {
            throw new Invalid(
                    "until",
                    "The range is " + describe(length) + " long; at most " + describe(maxRange)
                            + " can be shown (ipfence.console.attempts-max-range).");
        }
        return new AttemptWindow(start, end, bucket(length), start + " to " + end, null);
    }

    private static String bucket(Duration length) {
        return length.compareTo(MINUTE_BUCKETS_UP_TO) <= 0 ? "minute" : "hour";
    }

    private static Instant instant(String value, String field) throws Invalid {
        String text = value.trim();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new Invalid(
                        field,
                        "\"" + shortened(text) + "\" is not a date and time: use 2026-01-15T10:30 (UTC) or"
                                + " 2026-01-15T10:30:00Z.");
            }
        }
    }

    private static String describe(Duration length) {
        if (length.toHours() >= 48) {
            return length.toDays() + " days" + (length.toHoursPart() > 0 ? " " + length.toHoursPart() + " h" : "");
        }
        return length.toHours() + " h" + (length.toMinutesPart() > 0 ? " " + length.toMinutesPart() + " min" : "");
    }

    private static String field(Instant at) {
        return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.MINUTES), ZoneOffset.UTC)
                .toString();
    }

    private static String shortened(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
