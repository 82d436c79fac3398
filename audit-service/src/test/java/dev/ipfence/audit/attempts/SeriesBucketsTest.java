package dev.ipfence.audit.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.audit.attempts.SeriesBuckets.Point;
import dev.ipfence.audit.attempts.SeriesBuckets.Unit;
import dev.ipfence.web.Problem;
import dev.ipfence.web.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesBucketsTest {

    @Test
    void bucketsAreAlignedAndCoverTheRangeFromSinceToJustBeforeUntil() {
        SeriesBuckets buckets = SeriesBuckets.of(
                Instant.parse("2026-01-15T09:59:30Z"), Instant.parse("2026-01-15T12:00:00Z"), Unit.HOUR, 100);
        assertThat(buckets.first()).isEqualTo(Instant.parse("2026-01-15T09:00:00Z"));
        assertThat(buckets.count()).isEqualTo(3);
        SeriesBuckets minutes = SeriesBuckets.of(
                Instant.parse("2026-01-15T10:00:00Z"), Instant.parse("2026-01-15T10:00:00.001Z"), Unit.MINUTE, 1);
        assertThat(minutes.count()).isEqualTo(1);
        assertThat(minutes.first()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
    }

    @Test
    void anEmptyOrInvertedRangeOrOneWithTooManyBucketsIsRefusedNamingTheField() {
        Instant at = Instant.parse("2026-01-15T10:00:00Z");
        assertThat(refusal(() -> SeriesBuckets.of(at, at, Unit.MINUTE, 10)))
                .isEqualTo(new Problem.FieldError("since", "must be before until (" + at + "), got " + at));
        assertThat(refusal(() -> SeriesBuckets.of(at.plusSeconds(60), at, Unit.MINUTE, 10))
                        .field())
                .isEqualTo("since");
        assertThat(SeriesBuckets.of(at, at.plus(Duration.ofMinutes(10)), Unit.MINUTE, 10)
                        .count())
                .isEqualTo(10);
        assertThat(refusal(() -> SeriesBuckets.of(
                                at, at.plus(Duration.ofMinutes(10)).plusMillis(1), Unit.MINUTE, 10))
                        .message())
                .contains("11 buckets of a minute, more than the 10 allowed")
                .contains("bucket=hour");
        assertThat(refusal(() -> Unit.parse("day", Unit.HOUR)))
                .isEqualTo(new Problem.FieldError("bucket", "\"day\" is not a bucket: minute or hour"));
        assertThat(Unit.parse(null, Unit.HOUR)).isEqualTo(Unit.HOUR);
        assertThat(Unit.parse("minute", Unit.HOUR)).isEqualTo(Unit.MINUTE);
    }

    @Test
    void everyGeneratedAttemptInTheRangeFallsIntoExactlyOneBucketOfTheFilledSeries() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Unit unit = random.nextBoolean() ? Unit.MINUTE : Unit.HOUR;
            Instant since =
                    Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000), random.nextInt(1_000_000_000));
            Instant until = since.plusSeconds(1 + random.nextInt(unit == Unit.MINUTE ? 20_000 : 500_000));
            SeriesBuckets buckets = SeriesBuckets.of(since, until, unit, 1_000);
            // what the database does: truncate each attempt's time to its bucket and sum
            Map<Instant, Long> counted = new HashMap<>();
            long expected = 0;
            for (int i = 0; i < 50; i++) {
                long offset = (long)
                        (random.nextDouble() * Duration.between(since, until).toNanos());
                Instant at = since.plusNanos(offset);
                long count = 1 + random.nextInt(5);
                counted.merge(
                        at.truncatedTo(
                                unit == Unit.MINUTE
                                        ? java.time.temporal.ChronoUnit.MINUTES
                                        : java.time.temporal.ChronoUnit.HOURS),
                        count,
                        Long::sum);
                expected += count;
                assertThat(buckets.bucketOf(at)).isBetween(buckets.first(), until);
            }
            List<Point> points = buckets.fill(counted);
            assertThat(points).hasSize(buckets.count());
            assertThat(points.stream().mapToLong(Point::attempts).sum()).isEqualTo(expected);
            for (int i = 1; i < points.size(); i++) {
                assertThat(Duration.between(
                                points.get(i - 1).start(), points.get(i).start()))
                        .isEqualTo(unit.length());
            }
            assertThat(points.get(0).start()).isBeforeOrEqualTo(since);
            assertThat(points.get(points.size() - 1).start()).isBefore(until);
            assertThat(points.get(points.size() - 1).start().plus(unit.length()))
                    .isAfterOrEqualTo(until);
        }
    }

    private static Problem.FieldError refusal(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.problem("/").errors().get(0);
        }
        throw new AssertionError("not refused");
    }
}
