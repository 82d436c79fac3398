package dev.ipfence.web.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.models.PathItem;

/** The {@code operationId} of an operation that has none, from its method and path. */
final class OperationIds {

    private OperationIds() {}

    /**
     * {@code list}/{@code get}/{@code create}/{@code update}/{@code delete} and the path's words:
     * {@code tenants}, {@code global} and {@code api} say nothing a method name needs, {@code
     * ip-access-rules} reads as {@code Rules}, and a collection followed by an id is singular.
     */
    static String of(String path, PathItem.HttpMethod method, PathItem item) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.equals("api") && !s.equals("v1") && !s.equals("tenants") && !s.equals("global")) {
                segments.add(s);
            }
        }
        boolean endsWithId =
                !segments.isEmpty() && segments.get(segments.size() - 1).startsWith("{");
        boolean bulk = !segments.isEmpty() && segments.get(segments.size() - 1).equals("bulk");
        if (bulk) {
            segments.remove(segments.size() - 1);
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.startsWith("{")) {
                continue;
            }
            boolean last = true;
            for (int j = i + 1; j < segments.size(); j++) {
                if (!segments.get(j).startsWith("{")) {
                    last = false;
                }
            }
            String word = camel(s.equals("ip-access-rules") ? "rules" : s);
            boolean plural = last && !endsWithId && (method == PathItem.HttpMethod.GET || bulk);
            words.add(plural ? word : singular(word));
        }
        String verb = switch (method) {
            case GET -> endsWithId ? "get" : "list";
            case POST -> bulk ? "bulkCreate" : "create";
            case PUT -> "update";
            case PATCH -> item.getPUT() != null ? "patch" : "update";
            case DELETE -> "delete";
            default -> method.name().toLowerCase(Locale.ROOT);
        };
        return verb + String.join("", words);
    }

    private static String camel(String segment) {
        StringBuilder out = new StringBuilder();
        for (String part : segment.split("[-_]")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    static String singular(String word) {
        if (word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("sses")) {
            return word.substring(0, word.length() - 2);
        }
        if (word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}
