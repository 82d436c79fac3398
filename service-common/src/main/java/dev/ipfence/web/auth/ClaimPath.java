package dev.ipfence.web.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a claim sits in a token's JSON payload: segments separated by dots, each the name of a
 * member of the object before it ({@code realm_access.roles} is the {@code roles} member of the
 * {@code realm_access} object). A segment in double quotes is one name even if it holds dots or
 * slashes, as the namespaced claims of Auth0 or Okta do: {@code "https://example.com/roles"}, or
 * {@code app."https://example.com/claims".org}. A quoted name cannot contain a double quote.
 */
public final class ClaimPath {

    private final String text;
    private final List<String> segments;

    private ClaimPath(String text, List<String> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** The path {@code text} means; an {@link IllegalArgumentException} saying what is wrong with it otherwise. */
    public static ClaimPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a claim path is empty");
        }
        List<String> segments = new ArrayList<>();
        int i = 0;
        while (true) {
            String segment;
            if (text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw invalid(text, "a quoted name is not closed");
                }
                segment = text.substring(i + 1, close);
                i = close + 1;
                if (i < text.length() && text.charAt(i) != '.') {
                    throw invalid(text, "a quoted name must be followed by a dot or end the path");
                }
            } else {
                int dot = text.indexOf('.', i);
                int end = dot < 0 ? text.length() : dot;
                segment = text.substring(i, end);
                if (segment.indexOf('"') >= 0) {
                    throw invalid(text, "quote a whole name, e.g. \"https://example.com/roles\"");
                }
                i = end;
            }
            if (segment.isEmpty()) {
                throw invalid(text, "a name between dots is empty");
            }
            segments.add(segment);
            if (i == text.length()) {
                return new ClaimPath(text, segments);
            }
            i++; // the dot
            if (i == text.length()) {
                throw invalid(text, "a name between dots is empty");
            }
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("the claim path " + text + " is not valid: " + why);
    }

    /** The member names from the top of the payload down. */
    public List<String> segments() {
        return segments;
    }

    /**
     * The value at this path in {@code claims} (a JSON object as maps, lists, strings, numbers and
     * booleans); null when a member is missing or a step is not an object.
     */
    public Object read(Map<String, ?> claims) {
        Object current = claims;
        for (String segment : segments) {
            if (!(current instanceof Map<?, ?> object)) {
                return null;
            }
            current = object.get(segment);
        }
        return current;
    }

    /** The path as configured. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClaimPath path && path.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
