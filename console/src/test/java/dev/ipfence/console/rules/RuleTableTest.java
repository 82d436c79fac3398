package dev.ipfence.console.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleTableTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static RuleRow rule(
            String id, String address, String action, List<String> scopes, String label, Instant expires) {
        return new RuleRow(id, address, address, null, null, action, scopes, true, label, expires, NOW, "a", 1);
    }

    private final List<RuleRow> rules = List.of(
            rule("1", "10.0.0.0/24", "allow", List.of(), "office", null),
            rule("2", "10.0.0.66/32", "deny", List.of("ssh"), "stolen laptop", null),
            rule("3", "192.0.2.0/24", "allow", List.of("http", "ssh"), "partner", NOW.minusSeconds(1)),
            rule("4", "198.51.100.7/32", "allow", List.of("http"), "Office NAT", NOW.plusSeconds(60)));

    private RuleTable table(RuleQuery query) {
        return RuleTable.of(rules, query, 2, NOW);
    }

    private static RuleQuery query(String search, String action, String traffic, String label, String expired) {
        return new RuleQuery(search, action, traffic, label, expired, null, 1);
    }

    private static List<String> ids(RuleTable table) {
        return table.rows().stream().map(RuleRow::id).toList();
    }

    @Test
    void searchLooksAtAddressAndLabelIgnoringCase() {
        assertThat(ids(RuleTable.of(rules, query("office", "", "", "", ""), 10, NOW)))
                .containsExactly("1", "4");
        assertThat(ids(RuleTable.of(rules, query("10.0.0", "", "", "", ""), 10, NOW)))
                .containsExactly("1", "2");
    }

    @Test
    void filtersByActionTrafficScopeLabelAndExpiry() {
        assertThat(ids(RuleTable.of(rules, query("", "deny", "", "", ""), 10, NOW)))
                .containsExactly("2");
        assertThat(ids(RuleTable.of(rules, query("", "", "ssh", "", ""), 10, NOW)))
                .containsExactly("2", "3");
        assertThat(ids(RuleTable.of(rules, query("", "", "all", "", ""), 10, NOW)))
                .containsExactly("1");
        assertThat(ids(RuleTable.of(rules, query("", "", "", "laptop", ""), 10, NOW)))
                .containsExactly("2");
        assertThat(ids(RuleTable.of(rules, query("", "", "", "", "yes"), 10, NOW)))
                .containsExactly("3");
        assertThat(ids(RuleTable.of(rules, query("", "", "", "", "no"), 10, NOW)))
                .containsExactly("1", "2", "4");
    }

    @Test
    void aRuleExpiresAtItsExpiryInstant() {
        RuleRow row = rule("5", "10.9.0.0/16", "allow", List.of(), "", NOW);
        assertThat(row.expiredAt(NOW)).isTrue();
        assertThat(row.expiredAt(NOW.minusMillis(1))).isFalse();
    }

    @Test
    void pagesThroughTheMatchingRules() {
        RuleTable first = table(query("", "", "", "", ""));
        assertThat(first.total()).isEqualTo(4);
        assertThat(first.pages()).isEqualTo(2);
        assertThat(ids(first)).containsExactly("1", "2");
        assertThat(first.hasPrevious()).isFalse();
        assertThat(first.hasNext()).isTrue();
        assertThat(first.nextQuery()).isEqualTo("sort=address&page=2");

        RuleTable second = table(new RuleQuery("", "", "", "", "", null, 2));
        assertThat(ids(second)).containsExactly("3", "4");
        assertThat(second.hasNext()).isFalse();
    }

    @Test
    void aPageBeyondTheLastShowsTheLast() {
        RuleTable table = table(new RuleQuery("", "", "", "", "", null, 99));
        assertThat(table.page()).isEqualTo(2);
        assertThat(ids(table)).containsExactly("3", "4");
    }

    @Test
    void anEmptyTableHasOnePage() {
        RuleTable table = RuleTable.of(List.of(), query("", "", "", "", ""), 2, NOW);
        assertThat(table.pages()).isEqualTo(1);
        assertThat(table.rows()).isEmpty();
    }

    @Test
    void sortsByTheChosenColumnThenById() {
        assertThat(ids(RuleTable.of(rules, new RuleQuery("", "", "", "", "", "label", 1), 10, NOW)))
                .containsExactly("1", "4", "3", "2");
        assertThat(ids(RuleTable.of(rules, new RuleQuery("", "", "", "", "", "expires", 1), 10, NOW)))
                .containsExactly("3", "4", "1", "2");
        assertThat(ids(RuleTable.of(rules, new RuleQuery("", "", "", "", "", "action", 1), 10, NOW)))
                .containsExactly("1", "3", "4", "2");
    }

    @Test
    void queryStringKeepsTheFiltersAndEncodesThem() {
        RuleQuery query = new RuleQuery("a b&c", "deny", "", "", "", "label", 3);
        assertThat(query.queryString()).isEqualTo("q=a+b%26c&action=deny&sort=label&page=3");
        assertThat(query.withSort("expires").queryString()).isEqualTo("q=a+b%26c&action=deny&sort=expires&page=1");
    }

    @Test
    void everyRuleIsOnExactlyOnePage() {
        List<RuleRow> many = new ArrayList<>();
        for (int i = 0; i < 53; i++) {
            many.add(rule(String.format("%03d", i), "10.0." + i + ".0/24", "allow", List.of(), "", null));
        }
        List<String> seen = new ArrayList<>();
        RuleTable page = RuleTable.of(many, query("", "", "", "", ""), 10, NOW);
        for (int p = 1; p <= page.pages(); p++) {
            seen.addAll(ids(RuleTable.of(many, new RuleQuery("", "", "", "", "", null, p), 10, NOW)));
        }
        assertThat(seen).hasSize(53).doesNotHaveDuplicates();
    }
}
