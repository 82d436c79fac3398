package dev.ipfence.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeWindowsTest {

    private static TimeWindows.Compiled window(List<String> days, String start, String end, String zone) {
        return TimeWindows.compile(new TimeWindow(days, start, end, zone));
    }

    @Test
    void officeHoursAreLocalTimeStartIncludedEndExcluded() {
        TimeWindows.Compiled office = window(List.of("MONDAY", "FRIDAY"), "09:00", "17:30", "Europe/Berlin");
        // 2026-06-15 is a Monday; Berlin is UTC+2 in June
        assertThat(office.contains(Instant.parse("2026-06-15T06:59:59Z"))).isFalse();
        assertThat(office.contains(Instant.parse("2026-06-15T07:00:00Z"))).isTrue();
        assertThat(office.contains(Instant.parse("2026-06-15T15:29:59Z"))).isTrue();
        assertThat(office.contains(Instant.parse("2026-06-15T15:30:00Z"))).isFalse();
        // Tuesday is not listed
        assertThat(office.contains(Instant.parse("2026-06-16T10:00:00Z"))).isFalse();
    }

    @Test
    void daylightSavingMovesTheWindowInUtc() {
        TimeWindows.Compiled office = window(List.of("MONDAY"), "09:00", "17:00", "Europe/Berlin");
        // 2026-01-12 is a Monday; Berlin is UTC+1 in January
        assertThat(office.contains(Instant.parse("2026-01-12T07:30:00Z"))).isFalse();
        assertThat(office.contains(Instant.parse("2026-01-12T08:00:00Z"))).isTrue();
        assertThat(office.contains(Instant.parse("2026-06-15T07:30:00Z"))).isTrue();
    }

    @Test
    void aWindowAcrossMidnightBelongsToTheDayItStarts() {
        TimeWindows.Compiled night = window(List.of("FRIDAY"), "22:00", "06:00", "UTC");
        // 2026-06-19 is a Friday
        assertThat(night.contains(Instant.parse("2026-06-19T21:59:59Z"))).isFalse();
        assertThat(night.contains(Instant.parse("2026-06-19T22:00:00Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-06-20T00:00:00Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-06-20T05:59:59Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-06-20T06:00:00Z"))).isFalse();
        // Friday morning belongs to Thursday's window, which is not listed
        assertThat(night.contains(Instant.parse("2026-06-19T01:00:00Z"))).isFalse();
        // Saturday evening is not listed either
        assertThat(night.contains(Instant.parse("2026-06-20T23:00:00Z"))).isFalse();
    }

    @Test
    void theSameInstantIsInsideOneZonesWindowAndOutsideAnothers() {
        // Monday 2026-06-15 23:30 UTC is already Tuesday 08:30 in Tokyo
        Instant instant = Instant.parse("2026-06-15T23:30:00Z");
        assertThat(window(List.of("TUESDAY"), "08:00", "09:00", "Asia/Tokyo").contains(instant))
                .isTrue();
        assertThat(window(List.of("TUESDAY"), "08:00", "09:00", "UTC").contains(instant))
                .isFalse();
        assertThat(window(List.of("MONDAY"), "23:00", "23:59", "UTC").contains(instant))
                .isTrue();
    }

    @Test
    void badWindowsNameTheFieldAndTheValue() {
        assertThat(TimeWindows.check(null)).containsExactly("timeWindow: required when hasTimeConstraint is true");
        assertThat(TimeWindows.check(
                        new TimeWindow(List.of("MONDAY", "Funday", "MONDAY"), "9:00", "24:00", "Mars/Base")))
                .containsExactly(
                        "timeWindow.daysOfWeek: \"Funday\" is not one of MONDAY to SUNDAY",
                        "timeWindow.daysOfWeek: \"MONDAY\" is named twice",
                        "timeWindow.startTime: \"9:00\" is not a local time HH:mm from 00:00 to 23:59",
                        "timeWindow.endTime: \"24:00\" is not a local time HH:mm from 00:00 to 23:59",
                        "timeWindow.timeZone: \"Mars/Base\" is not an IANA time zone (such as \"Europe/Berlin\" or \"UTC\")");
        assertThat(TimeWindows.check(new TimeWindow(List.of(), "10:00", "10:00", null)))
                .containsExactly(
                        "timeWindow.daysOfWeek: name one or more of MONDAY to SUNDAY",
                        "timeWindow.endTime: \"10:00\" equals startTime: the window would be empty",
                        "timeWindow.timeZone: required, an IANA time zone such as \"Europe/Berlin\"");
        assertThat(TimeWindows.check(new TimeWindow(List.of("SUNDAY"), "00:00", "23:59", "UTC")))
                .isEmpty();
    }
}
