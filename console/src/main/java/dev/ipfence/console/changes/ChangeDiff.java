package dev.ipfence.console.changes;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** What one change did: each field whose value differs between {@code before} and {@code after}. */
public final class ChangeDiff {

    @TemplateData
    public record Field(String name, String before, String after) {

        public boolean added() {
            return before.isEmpty() && !after.isEmpty();
        }

        public boolean removed() {
            return !before.isEmpty() && after.isEmpty();
        }
    }

    /** Fields maintained by the service on every change; a diff of them says nothing. */
    private static final List<String> BOOKKEEPING = List.of("version", "updatedAt", "updatedBy");

    private ChangeDiff() {}

    /** The changed fields, by name; a missing or null side (create, delete) shows as empty. */
    public static List<Field> of(JsonNode before, JsonNode after) {
        TreeSet<String> names = new TreeSet<>();
        collect(before, names);
        collect(after, names);
        List<Field> fields = new ArrayList<>();
        for (String name : names) {
            if (BOOKKEEPING.contains(name)) {
                continue;
            }
            String was = text(before == null ? null : before.get(name));
            String is = text(after == null ? null : after.get(name));
            if (!was.equals(is)) {
                fields.add(new Field(name, was, is));
            }
        }
        return fields;
    }

    private static void collect(JsonNode node, TreeSet<String> names) {
        if (node != null && node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
