package dev.ipfence.web.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The short reading of an instant's text against {@link Instant#parse}, the full ISO-8601 one. */
class UtcInstantTextTest {

    /** 0000-01-01T00:00:00Z and the last second of 9999. */
    private static final long FIRST_SECOND = -62_167_219_200L;

    private static final long LAST_SECOND = 253_402_300_799L;

    @Test
    void everyInstantWrittenAsTheServicesWriteItReadsBackTheSame() {
        Random random = new Random(20261204);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant(random);
            String text = written(instant, random.nextInt(10));
            assertThat(UtcInstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(UtcInstantText.parse("0000-01-01T00:00:00Z")).isEqualTo(Instant.ofEpochSecond(FIRST_SECOND));
        assertThat(UtcInstantText.parse("9999-12-31T23:59:59.999999999Z"))
                .isEqualTo(Instant.ofEpochSecond(LAST_SECOND, 999_999_999));
        assertThat(UtcInstantText.parse("2024-02-29T12:00:00Z")).isEqualTo(Instant.parse("2024-02-29T12:00:00Z"));
    }

    @Test
    void anyOtherTextIsLeftToTheFullParserAndNeverReadAsAnotherInstant() {
        Random random = new Random(4);
        int leftToTheFullParser = 0;
        for (int i = 0; i < 200_000; i++) {
            char[] text = written(randomInstant(random), random.nextInt(10)).toCharArray();
            // one to three characters changed: digits, separators, letters, signs, spaces
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                text[random.nextInt(text.length)] = "0123456789-:.TtZz+ 5".charAt(random.nextInt(20));
            }
            String changed = new String(text);
            Instant quick = UtcInstantText.parse(changed);
            Instant full = fullParse(changed);
            if (quick == null) {
                leftToTheFullParser++;
            } else {
                assertThat(quick).as(changed).isEqualTo(full);
            }
        }
        assertThat(leftToTheFullParser).isGreaterThan(50_000);
        for (String other : new String[] {
            "2023-02-29T00:00:00Z", // no such day
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01T23:59:60Z", // a leap second: the full parser's to smooth
            "2026-12-01T00:00:00z",
            "2026-12-01t00:00:00Z",
            "2026-12-01T00:00:00+01:00",
            "+12026-12-01T00:00:00Z",
            "2026-12-01T00:00:00.Z",
            "2026-12-01T00:00:00.1234567890Z",
            " 2026-12-01T00:00:00Z",
            "2026-12-01 00:00:00Z",
            "",
        }) {
            assertThat(UtcInstantText.parse(other)).as(other).isNull();
        }
    }

    private static Instant randomInstant(Random random) {
        long second = random.nextInt(4) == 0
                ? FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND))
                : 1_700_000_000L + random.nextInt(200_000_000);
        return Instant.ofEpochSecond(second, random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000_000));
    }

    /** {@code instant} with a fraction of {@code digits} digits (0: none), as a writer may cut it. */
    private static String written(Instant instant, int digits) {
        String whole = Instant.ofEpochSecond(instant.getEpochSecond()).toString();
        if (digits == 0) {
            return whole;
        }
        String nanos = String.format("%09d", instant.getNano());
        return whole.substring(0, whole.length() - 1) + "." + nanos.substring(0, digits) + "Z";
    }

    private static Instant fullParse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
