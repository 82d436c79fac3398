package dev.ipfence.console.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.console.attempts.AttemptSeries.Point;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttemptSeriesTest {

    private static final Instant FROM = Instant.parse("2026-12-02T10:00:30Z");
    private static final Instant TO = Instant.parse("2026-12-02T10:03:30Z");

    @Test
    void countsEachRowWithItsCountInTheMinuteOfItsTimestamp() {
        AttemptSeries series = AttemptSeries.of(
                List.of(
                        new Point(Instant.parse("2026-12-02T10:00:31Z"), 1),
                        new Point(Instant.parse("2026-12-02T10:00:59Z"), 4),
                        new Point(Instant.parse("2026-12-02T10:02:00Z"), 2)),
                FROM,
                TO,
                Duration.ofMinutes(1));
        assertThat(series.times())
                .containsExactly(
                        Instant.parse("2026-12-02T10:00:00Z").getEpochSecond(),
                        Instant.parse("2026-12-02T10:01:00Z").getEpochSecond(),
                        Instant.parse("2026-12-02T10:02:00Z").getEpochSecond(),
                        Instant.parse("2026-12-02T10:03:00Z").getEpochSecond());
        assertThat(series.counts()).containsExactly(5, 0, 2, 0);
        assertThat(series.total()).isEqualTo(7);
    }

    @Test
    void leavesOutRowsOutsideTheRange() {
        AttemptSeries series = AttemptSeries.of(
                List.of(new Point(FROM.minusMillis(1), 3), new Point(TO, 3), new Point(FROM, 1)),
                FROM,
                TO,
                Duration.ofMinutes(1));
        assertThat(series.total()).isEqualTo(1);
    }

    @Test
    void everyAttemptInRangeIsCountedOnce() {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            Instant from = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000));
            Duration length = Duration.ofSeconds(1 + random.nextInt(7 * 24 * 3600));
            Duration bucket = random.nextBoolean() ? Duration.ofMinutes(1) : Duration.ofHours(1);
            List<Point> points = new ArrayList<>();
            long expected = 0;
            for (int i = 0; i < 50; i++) {
                Instant at = from.plusSeconds(random.nextLong(length.toSeconds() + 20) - 10);
                long count = 1 + random.nextInt(5);
                points.add(new Point(at, count));
                if (!at.isBefore(from) && at.isBefore(from.plus(length))) {
                    expected += count;
                }
            }
            AttemptSeries series = AttemptSeries.of(points, from, from.plus(length), bucket);
            assertThat(series.total()).isEqualTo(expected);
            assertThat(series.times()[0]).isLessThanOrEqualTo(from.getEpochSecond());
            assertThat(series.times()[series.times().length - 1] + bucket.toSeconds())
                    .isGreaterThanOrEqualTo(from.plus(length).getEpochSecond());
        }
    }

    @Test
    void writesTheDataUplotDraws() {
        AttemptSeries series =
                AttemptSeries.of(List.of(new Point(FROM, 2)), FROM, FROM.plusSeconds(90), Duration.ofMinutes(1));
        assertThat(series.json()).isEqualTo("[[1796205600,1796205660],[2,0]]");
    }

    @Test
    void rangesHaveTheirBuckets() {
        assertThat(AttemptRange.of("1h").bucketName()).isEqualTo("minute");
        assertThat(AttemptRange.of("24h").bucketName()).isEqualTo("hour");
        assertThat(AttemptRange.of("nonsense")).isEqualTo(AttemptRange.HOUR);
    }
}
