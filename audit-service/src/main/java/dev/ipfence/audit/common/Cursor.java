package dev.ipfence.audit.common;

import dev.ipfence.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A page position: the time and id of the last item returned; the next page starts strictly
 * after it in newest-first order. Opaque to clients (URL-safe base64).
 */
public record Cursor(Instant time, UUID id) {

    public String encode() {
        String raw = time + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for null; a 400 naming {@code field} for anything that is not a cursor this service issued. */
    public static Cursor decode(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new Cursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest(
                    field, "\"" + value + "\" is not a cursor returned by this API (nextCursor)");
        }
    }
}
