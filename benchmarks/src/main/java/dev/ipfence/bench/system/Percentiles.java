package dev.ipfence.bench.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** p50, p99 and max in milliseconds of one series. */
public record Percentiles(double p50Millis, double p99Millis, double maxMillis) {

    public static Percentiles of(List<Double> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Percentiles(percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    /** The nearest-rank percentile of an ascending list. */
    static double percentile(List<Double> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    @Override
    public String toString() {
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50Millis, p99Millis, maxMillis);
    }
}
