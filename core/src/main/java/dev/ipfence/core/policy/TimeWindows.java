package dev.ipfence.core.policy;

import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The time windows of admission rules (docs/access-model.md, "Admission rules"). */
public final class TimeWindows {

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    private TimeWindows() {}

    /** The problems of {@code window}, each starting with the field it names; empty when valid. */
    public static List<String> check(TimeWindow window) {
        List<String> problems = new ArrayList<>();
        if (window == null) {
            problems.add("timeWindow: is required when hasTimeConstraint is true");
            return problems;
        }
        List<String> days = window.daysOfWeek();
        if (days == null || days.isEmpty()) {
            problems.add("timeWindow.daysOfWeek: one or more of MONDAY ... SUNDAY is required");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < days.size(); i++) {
                String day = days.get(i);
                if (!isDay(day)) {
                    problems.add("timeWindow.daysOfWeek[" + i + "]: \"" + day + "\" is not one of MONDAY ... SUNDAY");
                } else if (!seen.add(day)) {
                    problems.add("timeWindow.daysOfWeek[" + i + "]: \"" + day + "\" is repeated");
                }
            }
        }
        boolean start = checkTime("startTime", window.startTime(), problems);
        boolean end = checkTime("endTime", window.endTime(), problems);
        if (start && end && window.startTime().equals(window.endTime())) {
            problems.add("timeWindow.endTime: must differ from startTime, both are \"" + window.startTime() + "\"");
        }
        if (window.timeZone() == null) {
            problems.add("timeWindow.timeZone: an IANA time zone such as Europe/Berlin is required");
        } else if (!isIanaZone(window.timeZone())) {
            problems.add("timeWindow.timeZone: \"" + window.timeZone() + "\" is not an IANA time zone");
        }
        return problems;
    }

    private static boolean isDay(String day) {
        if (day == null) {
            return false;
        }
        for (DayOfWeek value : DayOfWeek.values()) {
            if (value.name().equals(day)) {
                return true;
            }
        }
        return false;
    }

    private static boolean checkTime(String field, String time, List<String> problems) {
        if (time == null) {
            problems.add("timeWindow." + field + ": a local time HH:mm (24 h) is required");
            return false;
        }
        if (!TIME.matcher(time).matches()) {
            problems.add("timeWindow." + field + ": \"" + time + "\" is not a local time HH:mm (00:00 to 23:59)");
            return false;
        }
        return true;
    }

    /** A region id of the IANA database ({@code Europe/Berlin}, {@code UTC}); not a fixed offset. */
    private static boolean isIanaZone(String zone) {
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            return false;
        }
        try {
            return !(ZoneId.of(zone) instanceof ZoneOffset);
        } catch (DateTimeException e) {
            return false;
        }
    }
}
