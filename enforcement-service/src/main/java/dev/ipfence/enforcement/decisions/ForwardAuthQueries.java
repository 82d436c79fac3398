package dev.ipfence.enforcement.decisions;

import dev.ipfence.web.Problem;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The forward-auth queries read so far, by their text. A proxy location sends the same query on
 * every request (its environment and traffic scope), and reading it costs more than the decision;
 * a query's reading depends on its text alone, so a query read once is not read again. Only valid
 * queries up to {@link #MAX_LENGTH} characters are kept, and at most {@link #MAX_ENTRIES} of them:
 * queries that vary per request (Envoy's {@code path=}) are then read each time.
 */
final class ForwardAuthQueries {

    static final int MAX_ENTRIES = 1024;
    static final int MAX_LENGTH = 512;

    private final ConcurrentHashMap<String, ForwardAuthQuery> read = new ConcurrentHashMap<>();

    /**
     * The query whose text is {@code raw} (null: none), read with {@code param} unless it was read
     * before; null, with what is wrong in {@code errors}, as {@link ForwardAuthQuery#read}.
     */
    ForwardAuthQuery read(String raw, UnaryOperator<String> param, List<Problem.FieldError> errors) {
        ForwardAuthQuery known = raw == null ? null : read.get(raw);
        if (known != null) {
            return known;
        }
        ForwardAuthQuery query = ForwardAuthQuery.read(param, errors);
        if (query != null && raw != null && raw.length() <= MAX_LENGTH && read.size() < MAX_ENTRIES) {
            read.putIfAbsent(raw, query);
        }
        return query;
    }

    int size() {
        return read.size();
    }
}
