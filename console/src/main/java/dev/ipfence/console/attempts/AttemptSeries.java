package dev.ipfence.console.attempts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Blocked attempts per bucket (a minute or an hour) over a time range, for the chart: bucket start
 * times in epoch seconds and the attempts in each. An attempt row counts with its {@code count}
 * (identical attempts merged into it), in the bucket of its timestamp.
 */
public record AttemptSeries(long[] times, long[] counts, Duration bucket) {

    /** One row of the audit service's list: when, and how many attempts it stands for. */
    public record Point(Instant timestamp, long count) {}

    public static AttemptSeries of(List<Point> points, Instant from, Instant to, Duration bucket) {
        long size = bucket.toSeconds();
        long first = Math.floorDiv(from.getEpochSecond(), size) * size;
        long last = Math.floorDiv(to.getEpochSecond() - 1, size) * size;
        int buckets = (int) ((last - first) / size) + 1;
        long[] times = new long[buckets];
        long[] counts = new long[buckets];
        for (int i = 0; i < buckets; i++) {
            times[i] = first + i * size;
        }
        for (Point point : points) {
            long second = point.timestamp().getEpochSecond();
            if (point.timestamp().isBefore(from) || !point.timestamp().isBefore(to)) {
                continue;
            }
            int index = (int) ((Math.floorDiv(second, size) * size - first) / size);
            counts[index] += point.count();
        }
        return new AttemptSeries(times, counts, bucket);
    }

    public long total() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    /** {@code [[times...], [counts...]]}, the data uPlot draws. */
    public String json() {
        StringBuilder out = new StringBuilder("[[");
        append(out, times);
        out.append("],[");
        append(out, counts);
        return out.append("]]").toString();
    }

    private static void append(StringBuilder out, long[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values[i]);
        }
    }
}
