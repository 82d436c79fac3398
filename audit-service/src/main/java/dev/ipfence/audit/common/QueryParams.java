package dev.ipfence.audit.common;

import dev.ipfence.web.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    public static int limit(Integer value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw ProblemException.badRequest("limit", "must be 1 to " + max + ", got " + value);
        }
        return value;
    }
}
