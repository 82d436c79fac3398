package dev.ipfence.enforcement.blocked;

/**
 * Text from a request made safe for any store of text: control characters and unpaired surrogates
 * are written as {@code \\uXXXX} (PostgreSQL refuses U+0000 and invalid UTF-8), everything else is
 * kept; text with nothing to escape is returned as it is.
 */
final class PrintableText {

    private PrintableText() {}

    static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            boolean escape = c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !paired);
            if (escape && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escape) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
