package dev.ipfence.console.attempts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Blocked attempts per bucket (a minute or an hour) for the chart, as the audit service counts them
 * over every attempt of the range ({@code /blocked-attempts/series}): bucket start times in epoch
 * seconds and the attempts in each.
 */
public record AttemptSeries(long[] times, long[] counts, String bucket, long total) {

    /** The series of the audit service's answer {@code {bucket, total, points: [{start, attempts}]}}. */
    public static AttemptSeries of(JsonNode answer) {
        JsonNode points = answer.path("points");
        long[] times = new long[points.size()];
        long[] counts = new long[points.size()];
        for (int i = 0; i < points.size(); i++) {
            times[i] = Instant.parse(points.get(i).path("start").asText()).getEpochSecond();
            counts[i] = points.get(i).path("attempts").asLong();
        }
        return new AttemptSeries(
                times,
                counts,
                answer.path("bucket").asText(),
                answer.path("total").asLong());
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
