package dev.ipfence.console.web;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points at the place a CEL compile error names ("... at line 2, column 7", columns from 1): the
 * line of the condition and a caret under the column, as a compiler prints it.
 */
public final class CelErrorPointer {

    private static final Pattern AT = Pattern.compile("at line (\\d+), column (\\d+)");

    private CelErrorPointer() {}

    /** The condition's line the message names, and a caret line under the column; empty if it names none. */
    public static Optional<String> of(String condition, String message) {
        if (condition == null || message == null) {
            return Optional.empty();
        }
        Matcher at = AT.matcher(message);
        if (!at.find()) {
            return Optional.empty();
        }
        int line = Integer.parseInt(at.group(1));
        int column = Integer.parseInt(at.group(2));
        String[] lines = condition.split("\r?\n", -1);
        if (line < 1 || line > lines.length || column < 1) {
            return Optional.empty();
        }
        String text = lines[line - 1];
        int caret = Math.min(column - 1, text.length());
        return Optional.of(
                line + " | " + text + "\n" + " ".repeat(Integer.toString(line).length() + 3 + caret) + "^");
    }
}
