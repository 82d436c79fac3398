package dev.ipfence.rules.addresses;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.web.Problem.FieldError;
import dev.ipfence.web.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list parameters of {@code GET /api/addresses}, checked against fixed lists and parsed into
 * typed values; {@link AddressRepository} turns them into its fixed SQL fragments and parameters.
 */
final class AddressQuery {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    /** The sort keys, which are also the names of the time filters' fields where they are times. */
    static final Set<String> SORT_KEYS = Set.of("ip", "createTime", "expireTime", "policy", "ttl", "updateTime");

    private static final Map<String, String> TIME_FILTERS = Map.of(
            "filter[createTime]", "createTime", "filter[expireTime]", "expireTime", "filter[updateTime]", "updateTime");
    private static final Set<String> OTHER_PARAMETERS =
            Set.of("limit", "offset", "sort_by", "sort_order", "filter[ip]", "filter[policy]", "filter[ttl]");

    /** A time filter's end: {@code field} (createTime, expireTime, updateTime) from {@code at} on, or before it. */
    record TimeBound(String field, boolean from, OffsetDateTime at) {}

    final int limit;
    final int offset;
    /** One of {@link #SORT_KEYS}. */
    final String sortBy;

    final boolean ascending;
    /** filter[ip] in canonical form, or null: policies containing it or contained in it. */
    final String network;
    /** filter[policy], allow or deny, or null. */
    final String policy;
    /** filter[ttl] in seconds, 0 for policies that never expire, or null. */
    final Long ttlSeconds;

    final List<TimeBound> timeBounds = new ArrayList<>();
    private final List<FieldError> errors = new ArrayList<>();

    /**
     * @param maxTtlSeconds the longest ttl a policy can have ({@code ipfence.rules.max-ttl-seconds}),
     *     the upper end of {@code filter[ttl]}
     */
    AddressQuery(MultivaluedMap<String, String> parameters, long maxTtlSeconds) {
        for (String name : parameters.keySet()) {
            if (!OTHER_PARAMETERS.contains(name) && !TIME_FILTERS.containsKey(name)) {
                errors.add(
                        new FieldError(
                                name,
                                "unknown parameter; use limit, offset, sort_by, sort_order or filter[ip],"
                                        + " filter[policy], filter[ttl], filter[createTime], filter[expireTime], filter[updateTime]"));
            }
        }
        limit = (int) integer(parameters.getFirst("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        offset = (int) integer(parameters.getFirst("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        String sortBy = parameters.getFirst("sort_by") == null ? "createTime" : parameters.getFirst("sort_by");
        if (!SORT_KEYS.contains(sortBy)) {
            errors.add(new FieldError("sort_by", "\"" + sortBy + "\" is not a sort key: one of " + SORT_KEYS));
            sortBy = "createTime";
        }
        this.sortBy = sortBy;
        String order = parameters.getFirst("sort_order") == null ? "desc" : parameters.getFirst("sort_order");
        if (!order.equals("asc") && !order.equals("desc")) {
            errors.add(new FieldError("sort_order", "\"" + order + "\" is not a sort order: asc or desc"));
            order = "desc";
        }
        ascending = order.equals("asc");

        String ip = parameters.getFirst("filter[ip]");
        String network = null;
        if (ip != null) {
            try {
                network = Addresses.parseNetwork(ip).toString();
            } catch (AddressException e) {
                errors.add(new FieldError("filter[ip]", e.getMessage()));
            }
        }
        this.network = network;
        String policy = parameters.getFirst("filter[policy]");
        if (policy != null && !policy.equals("allow") && !policy.equals("deny")) {
            errors.add(new FieldError("filter[policy]", "\"" + policy + "\" is not a policy: allow or deny"));
            policy = null;
        }
        this.policy = policy;
        String ttl = parameters.getFirst("filter[ttl]");
        ttlSeconds = ttl == null ? null : integer(ttl, "filter[ttl]", 0, 0, maxTtlSeconds);
        for (Map.Entry<String, String> filter : TIME_FILTERS.entrySet()) {
            String value = parameters.getFirst(filter.getKey());
            if (value != null) {
                timeRange(filter.getKey(), filter.getValue(), value);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "The list parameters are invalid.", errors);
        }
    }

    /**
     * {@code 2021-01-01} is that UTC day; {@code FROM..TO} a range whose ends are dates (whole days)
     * or RFC 3339 instants, either end may be left out. Each date or instant given must lie from
     * {@link Instant#EPOCH} to {@link RuleConstraints#LATEST_EXPIRY}: what ipfence stores, and what
     * PostgreSQL and the client library represent.
     */
    private void timeRange(String parameter, String field, String value) {
        try {
            int dots = value.indexOf("..");
            Instant from;
            Instant to;
            if (dots < 0) {
                LocalDate day = LocalDate.parse(value);
                from = checked(startOf(day), value);
                to = startOf(day.plusDays(1));
            } else {
                from = bound(value.substring(0, dots), false);
                to = bound(value.substring(dots + 2), true);
            }
            if (from != null) {
                timeBounds.add(new TimeBound(field, true, from.atOffset(ZoneOffset.UTC)));
            }
            if (to != null) {
                timeBounds.add(new TimeBound(field, false, to.atOffset(ZoneOffset.UTC)));
            }
        } catch (OutsideRange e) {
            errors.add(new FieldError(
                    parameter,
                    "must be from " + Instant.EPOCH + " to " + RuleConstraints.LATEST_EXPIRY + ", got \""
                            + e.getMessage() + "\""));
        } catch (DateTimeException e) {
            errors.add(new FieldError(
                    parameter,
                    "\"" + value + "\" is not a date (2021-01-31), an instant"
                            + " (2021-01-31T10:00:00Z) or a range FROM..TO of them"));
        }
    }

    private static Instant bound(String text, boolean end) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() == 10) {
            LocalDate day = LocalDate.parse(text);
            checked(startOf(day), text);
            return startOf(end ? day.plusDays(1) : day);
        }
        return checked(Instant.parse(text), text);
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Instant checked(Instant instant, String text) {
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(RuleConstraints.LATEST_EXPIRY)) {
            throw new OutsideRange(text);
        }
        return instant;
    }

    /** A date or instant outside the range; the message is the text as given. */
    private static final class OutsideRange extends RuntimeException {
        OutsideRange(String text) {
            super(text, null, false, false);
        }
    }

    private long integer(String value, String field, long fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(
                new FieldError(field, "must be a whole number from " + min + " to " + max + ", got \"" + value + "\""));
        return fallback;
    }
}
