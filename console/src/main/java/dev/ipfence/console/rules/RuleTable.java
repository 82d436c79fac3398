package dev.ipfence.console.rules;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** One page of a scope's rules, searched, filtered and sorted as a {@link RuleQuery} asks. */
public record RuleTable(List<RuleRow> rows, int total, int matching, int page, int pages, RuleQuery query) {

    public static RuleTable of(List<RuleRow> all, RuleQuery query, int pageSize, Instant now) {
        List<RuleRow> matching = all.stream()
                .filter(filter(query, now))
                .sorted(order(query.sort()))
                .toList();
        int pages = Math.max(1, (matching.size() + pageSize - 1) / pageSize);
        int page = Math.min(query.page(), pages);
        int from = (page - 1) * pageSize;
        List<RuleRow> rows = matching.subList(from, Math.min(from + pageSize, matching.size()));
        return new RuleTable(rows, all.size(), matching.size(), page, pages, query.withPage(page));
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }

    public String previousQuery() {
        return query.withPage(page - 1).queryString();
    }

    public String nextQuery() {
        return query.withPage(page + 1).queryString();
    }

    public String sortQuery(String column) {
        return query.withSort(column).queryString();
    }

    static Predicate<RuleRow> filter(RuleQuery query, Instant now) {
        String search = query.search().toLowerCase(Locale.ROOT);
        String label = query.label().toLowerCase(Locale.ROOT);
        return row -> (search.isEmpty()
                        || row.address().toLowerCase(Locale.ROOT).contains(search)
                        || row.label().toLowerCase(Locale.ROOT).contains(search))
                && (query.action().isEmpty() || row.action().equals(query.action()))
                && (query.trafficScope().isEmpty()
                        || (query.trafficScope().equals("all")
                                ? row.trafficScopes().isEmpty()
                                : row.trafficScopes().contains(query.trafficScope())))
                && (label.isEmpty() || row.label().toLowerCase(Locale.ROOT).contains(label))
                && (query.expired().isEmpty() || (query.expired().equals("yes") == row.expiredAt(now)));
    }

    static Comparator<RuleRow> order(String sort) {
        Comparator<RuleRow> byId = Comparator.comparing(RuleRow::id);
        Comparator<RuleRow> primary = switch (sort) {
            case "action" -> Comparator.comparing(RuleRow::action);
            case "label" -> Comparator.comparing(row -> row.label().toLowerCase(Locale.ROOT));
            case "expires" -> Comparator.comparing(RuleRow::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()));
            case "created" -> Comparator.comparing(RuleRow::createdAt, Comparator.nullsLast(Comparator.naturalOrder()));
            default -> AddressOrder.ROWS;
        };
        return primary.thenComparing(byId);
    }
}
