package dev.ipfence.core.model;

import java.util.Optional;

/**
 * The characters a free text (a label, a name, a description) may hold: no control characters
 * (line breaks and tabs only where the caller allows them), and no half of a surrogate pair
 * without its other half, which is no character at all and which PostgreSQL, Kafka's consumers and
 * the browser would each store or show differently.
 */
public final class TextCharacters {

    private TextCharacters() {}

    /** What is wrong with {@code text}, naming the offending character and its position. */
    public static Optional<String> problem(String text, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t'))) {
                return Optional.of(
                        "control characters are not allowed (found " + codePoint(c) + " at position " + i + ")");
            }
        }
        return loneSurrogate(text);
    }

    /** The first half of a surrogate pair in {@code text} that has no other half, if any. */
    public static Optional<String> loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("not valid Unicode: a lone surrogate " + codePoint(c) + " at position " + i);
            }
        }
        return Optional.empty();
    }

    private static String codePoint(char c) {
        return "U+" + String.format("%04X", (int) c);
    }
}
