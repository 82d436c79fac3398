package dev.ipfence.console.rules;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a rule table shows: a search text (address or label), filters by action, traffic scope,
 * label and expiry, a sort column and a page (from 1).
 */
public record RuleQuery(
        String search, String action, String trafficScope, String label, String expired, String sort, int page) {

    public static final String DEFAULT_SORT = "address";

    public RuleQuery {
        search = blankToEmpty(search);
        action = blankToEmpty(action);
        trafficScope = blankToEmpty(trafficScope);
        label = blankToEmpty(label);
        expired = blankToEmpty(expired);
        sort = sort == null || sort.isBlank() ? DEFAULT_SORT : sort;
        page = Math.max(page, 1);
    }

    public RuleQuery withPage(int page) {
        return new RuleQuery(search, action, trafficScope, label, expired, sort, page);
    }

    public RuleQuery withSort(String sort) {
        return new RuleQuery(search, action, trafficScope, label, expired, sort, 1);
    }

    /** The query string of this query, for links to other pages and sorts. */
    public String queryString() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("q", search);
        params.put("action", action);
        params.put("traffic", trafficScope);
        params.put("label", label);
        params.put("expired", expired);
        params.put("sort", sort);
        params.put("page", Integer.toString(page));
        return params.entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty())
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.trim();
    }
}
