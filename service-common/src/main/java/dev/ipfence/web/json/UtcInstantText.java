package dev.ipfence.web.json;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;

/**
 * Reads the one form in which the services write an {@link Instant}, {@code
 * 2026-12-01T09:30:00.123456Z} ({@link Instant#toString()}: a four-digit year, the time in UTC, a
 * fraction of 1 to 9 digits or none): its fields are read at their places and handed to {@link
 * LocalDateTime#of}, without a {@code DateTimeFormatter}, whose parse took a third of the time of
 * reading a rule event ({@code RuleEventReadBenchmark} measures both). Anything else (another
 * offset, a leap second, a lower-case letter, a longer year, a day the month lacks, spaces) is not
 * read here: the caller hands it to the full ISO-8601 parser, which accepts or refuses it as before.
 */
public final class UtcInstantText {

    private static final int SHORTEST = "0000-00-00T00:00:00Z".length();
    private static final int LONGEST = "0000-00-00T00:00:00.000000000Z".length();

    private UtcInstantText() {}

    /** The instant {@code text[offset .. offset + length)} writes, or null when it is not in that form. */
    public static Instant parse(char[] text, int offset, int length) {
        if (length < SHORTEST || length > LONGEST) {
            return null;
        }
        int end = offset + length;
        if (text[offset + 4] != '-'
                || text[offset + 7] != '-'
                || text[offset + 10] != 'T'
                || text[offset + 13] != ':'
                || text[offset + 16] != ':'
                || text[end - 1] != 'Z') {
            return null;
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        int fractionDigits = length - SHORTEST - 1;
        if (length > SHORTEST) {
            // a fraction: '.', then 1 to 9 digits
            if (text[offset + 19] != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(text, offset + 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int d = fractionDigits; d < 9; d++) {
                nanos *= 10;
            }
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
    }

    /** {@code text} as {@link #parse(char[], int, int)} reads it. */
    public static Instant parse(String text) {
        return parse(text.toCharArray(), 0, text.length());
    }

    /** The value of {@code count} decimal digits at {@code at}, or -1 when one is not a digit. */
    private static int digits(char[] text, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
