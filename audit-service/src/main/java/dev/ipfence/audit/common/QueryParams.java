package dev.ipfence.audit.common;

import dev.ipfence.web.ProblemException;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Parsing of query parameters into values, each refusal a 400 naming the parameter and value. */
public final class QueryParams {

    private QueryParams() {}

    public static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    field, "\"" + value + "\" is not a timestamp (RFC 3339, e.g. 2026-01-31T00:00:00Z)");
        }
    }

    public static UUID uuid(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "\"" + value + "\" is not a UUID");
        }
    }

    public static int limit(String value, int fallback, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long limit;
        try {
            limit = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(
                    "limit", "must be a whole number from 1 to " + max + ", got \"" + shortened(value) + "\"");
        }
        if (limit < 1 || limit > max) {
            throw ProblemException.badRequest("limit", "must be 1 to " + max + ", got " + limit);
        }
        return (int) limit;
    }

    /**
     * Refuses a query parameter the endpoint does not know (a misspelt filter must not silently
     * return everything), naming it and the ones it knows.
     */
    public static void onlyKnown(UriInfo uri, Set<String> known) {
        for (String name : uri.getQueryParameters().keySet()) {
            if (!known.contains(name)) {
                throw ProblemException.badRequest(
                        name, "is not a parameter of this list; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String shortened(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
