package dev.ipfence.audit.attempts;

import dev.ipfence.web.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The buckets of a blocked-attempt time series: {@code [since, until)} cut into minutes or hours
 * aligned on the epoch (UTC), the first one holding {@code since} and the last one the instant
 * just before {@code until}. Refuses a range that is empty or inverted, or that holds more buckets
 * than allowed.
 */
public record SeriesBuckets(Instant since, Instant until, Unit unit, Instant first, int count) {

    /** A bucket's length; {@link #sqlName()} is the field {@code date_trunc} truncates to. */
    public enum Unit {
        MINUTE(Duration.ofMinutes(1)),
        HOUR(Duration.ofHours(1));

        private final Duration length;

        Unit(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The unit a {@code bucket} parameter names; {@code fallback} when it is absent. */
        public static Unit parse(String value, Unit fallback) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            for (Unit unit : values()) {
                if (unit.sqlName().equals(value.trim())) {
                    return unit;
                }
            }
            throw ProblemException.badRequest("bucket", "\"" + value + "\" is not a bucket: minute or hour");
        }
    }

    /** One bucket: its start and the attempts in it. */
    @Schema(requiredProperties = {"start", "attempts"})
    public record Point(Instant start, long attempts) {}

    public static SeriesBuckets of(Instant since, Instant until, Unit unit, int maxBuckets) {
        if (!since.isBefore(until)) {
            throw ProblemException.badRequest("since", "must be before until (" + until + "), got " + since);
        }
        long size = unit.length().toSeconds();
        long firstSecond = Math.floorDiv(since.getEpochSecond(), size) * size;
        Instant lastIncluded = until.minusNanos(1);
        long lastSecond = Math.floorDiv(lastIncluded.getEpochSecond(), size) * size;
        long buckets = (lastSecond - firstSecond) / size + 1;
        if (buckets > maxBuckets) {
            throw ProblemException.badRequest(
                    "since",
                    "the range " + since + " to " + until + " holds " + buckets + " buckets of a " + unit.sqlName()
                            + ", more than the " + maxBuckets
                            + " allowed (ipfence.audit.max-series-buckets): shorten the range"
                            + (unit == Unit.MINUTE ? " or use bucket=hour" : ""));
        }
        return new SeriesBuckets(since, until, unit, Instant.ofEpochSecond(firstSecond), (int) buckets);
    }

    /** The start of the bucket that holds {@code at}. */
    public Instant bucketOf(Instant at) {
        long size = unit.length().toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), size) * size);
    }

    /**
     * Every bucket in order with the attempts {@code counted} holds for its start (0 where it holds
     * none); starts outside the range are not the range's and are left out.
     */
    public List<Point> fill(Map<Instant, Long> counted) {
        List<Point> points = new ArrayList<>(count);
        Instant start = first;
        for (int i = 0; i < count; i++) {
            points.add(new Point(start, counted.getOrDefault(start, 0L)));
            start = start.plus(unit.length());
        }
        return points;
    }
}
