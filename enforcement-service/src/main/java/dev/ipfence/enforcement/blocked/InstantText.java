package dev.ipfence.enforcement.blocked;

import java.time.Instant;

/**
 * Epoch milliseconds as {@link Instant#toString()} writes them (ISO-8601 in UTC, the fraction in
 * groups of three digits, none when zero), which is how the service's {@code ObjectMapper} writes
 * an {@link Instant}. The text up to the second comes from {@code Instant} and is kept while the
 * second lasts: a burst of events written within one second formats it once. Used by one thread.
 */
final class InstantText {

    private long second = Long.MIN_VALUE;
    private String upToSecond;

    String of(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        if (second != this.second) {
            String whole = Instant.ofEpochSecond(second).toString(); // ends with 'Z', no fraction
            this.upToSecond = whole.substring(0, whole.length() - 1);
            this.second = second;
        }
        if (millis == 0) {
            return upToSecond + 'Z';
        }
        StringBuilder text = new StringBuilder(upToSecond.length() + 5).append(upToSecond);
        text.append('.');
        text.append((char) ('0' + millis / 100));
        text.append((char) ('0' + millis / 10 % 10));
        text.append((char) ('0' + millis % 10));
        return text.append('Z').toString();
    }
}
