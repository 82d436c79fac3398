package dev.ipfence.core.policy;

import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The time windows of admission rules: local times {@code HH:mm} in an IANA zone on days of the
 * week, {@code endTime} excluded; a window whose end is before its start crosses midnight and
 * belongs to the day it starts on. See docs/access-model.md.
 */
public final class TimeWindows {

    private static final DateTimeFormatter HH_MM =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private TimeWindows() {}

    /** What is wrong with {@code window}; each problem starts with the field it is about. */
    public static List<String> check(TimeWindow window) {
        List<String> problems = new ArrayList<>();
        if (window == null) {
            problems.add("timeWindow: required when hasTimeConstraint is true");
            return problems;
        }
        List<String> days = window.daysOfWeek();
        if (days == null || days.isEmpty()) {
            problems.add("timeWindow.daysOfWeek: name one or more of MONDAY to SUNDAY");
        } else {
            Set<String> seen = new HashSet<>();
            for (String day : days) {
                if (day == null || !isDay(day)) {
                    problems.add("timeWindow.daysOfWeek: \"" + day + "\" is not one of MONDAY to SUNDAY");
                } else if (!seen.add(day)) {
                    problems.add("timeWindow.daysOfWeek: \"" + day + "\" is named twice");
                }
            }
        }
        LocalTime start = time(window.startTime(), "timeWindow.startTime", problems);
        LocalTime end = time(window.endTime(), "timeWindow.endTime", problems);
        if (start != null && start.equals(end)) {
            problems.add(
                    "timeWindow.endTime: \"" + window.endTime() + "\" equals startTime: the window would be empty");
        }
        if (window.timeZone() == null) {
            problems.add("timeWindow.timeZone: required, an IANA time zone such as \"Europe/Berlin\"");
        } else if (!ZoneId.getAvailableZoneIds().contains(window.timeZone())) {
            problems.add("timeWindow.timeZone: \"" + window.timeZone()
                    + "\" is not an IANA time zone (such as \"Europe/Berlin\" or \"UTC\")");
        }
        return problems;
    }

    /** A window {@link #check} accepts, ready to ask. */
    public static Compiled compile(TimeWindow window) {
        List<String> problems = check(window);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        window.daysOfWeek().forEach(day -> days.add(DayOfWeek.valueOf(day)));
        return new Compiled(
                days,
                LocalTime.parse(window.startTime(), HH_MM),
                LocalTime.parse(window.endTime(), HH_MM),
                ZoneId.of(window.timeZone()));
    }

    private static boolean isDay(String day) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(day)) {
                return true;
            }
        }
        return false;
    }

    private static LocalTime time(String text, String field, List<String> problems) {
        if (text == null) {
            problems.add(field + ": required, a local time HH:mm such as \"09:00\"");
            return null;
        }
        try {
            if (text.length() == 5) {
                return LocalTime.parse(text, HH_MM);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(field + ": \"" + text + "\" is not a local time HH:mm from 00:00 to 23:59");
        return null;
    }

    /** A checked window. */
    public record Compiled(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

        /** Whether {@code instant} falls in the window, by the zone's rules on that date. */
        public boolean contains(Instant instant) {
            ZonedDateTime local;
            try {
                local = instant.atZone(zone);
            } catch (DateTimeException e) {
                return false;
            }
            LocalTime time = local.toLocalTime();
            DayOfWeek day = local.getDayOfWeek();
            if (start.isBefore(end)) {
                return days.contains(day) && !time.isBefore(start) && time.isBefore(end);
            }
            // crosses midnight: the evening part on a listed day, the morning part the day after one
            return (days.contains(day) && !time.isBefore(start)) || (days.contains(day.minus(1)) && time.isBefore(end));
        }
    }
}
