package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one scope in precedence order and their tables, one per family. Holds the decision
 * of each slot: a rule is its own decision, so a lookup returns it without allocating.
 */
final class CompiledRules {

    /** Live IPv4 rules in order, then live IPv6 rules in order, then the inactive ones. */
    final Rule[] rules;
    /** The decision at each position: {@link #rules} themselves, or the one decision without a rule. */
    private final Decision[] decisions;

    private final int live;

    private final Map<String, Integer> trafficScopeIds;
    final Ipv4Table ipv4;
    final Ipv6Table ipv6;

    CompiledRules(Collection<Rule> all) {
        List<Rule> live4 = new ArrayList<>();
        List<Rule> live6 = new ArrayList<>();
        List<Rule> inactive = new ArrayList<>();
        for (Rule rule : all) {
            if (!rule.active()) {
                inactive.add(rule);
            } else if (rule.block().family() == IpFamily.IPV4) {
                live4.add(rule);
            } else {
                live6.add(rule);
            }
        }
        live4 = Precedence.sorted(live4);
        live6 = Precedence.sorted(live6);
        rules = new Rule[all.size()];
        int at = 0;
        for (List<Rule> part : List.of(live4, live6, inactive)) {
            for (Rule rule : part) {
                rules[at++] = rule;
            }
        }
        live = live4.size() + live6.size();
        decisions = rules;
        trafficScopeIds = new HashMap<>();
        for (int i = 0; i < live; i++) {
            for (String trafficScope : rules[i].trafficScopes()) {
                trafficScopeIds.putIfAbsent(trafficScope, trafficScopeIds.size());
            }
        }
        ipv4 = ipv4Table(0, live4.size());
        ipv6 = ipv6Table(live4.size(), live6.size());
    }

    /** No rules: only the decision when no rule decides, at position 0. */
    private CompiledRules(Decision noRule) {
        rules = new Rule[0];
        decisions = new Decision[] {noRule};
        live = 0;
        trafficScopeIds = Map.of();
        ipv4 = null;
        ipv6 = null;
    }

    static CompiledRules noRuleDecision(Decision noRule) {
        return new CompiledRules(noRule);
    }

    /** Live rules. */
    int live() {
        return live;
    }

    /** The decision of the live rule at {@code at} of {@link #rules}. */
    Decision decisionAt(int at) {
        return decisions[at];
    }

    /** The traffic scope id of a traffic scope here, or {@link Liveness#NO_TRAFFIC_SCOPE} when no rule names it (or it is null). */
    int trafficScopeId(String trafficScope) {
        if (trafficScope == null) {
            return Liveness.NO_TRAFFIC_SCOPE;
        }
        Integer id = trafficScopeIds.get(trafficScope);
        return id == null ? Liveness.NO_TRAFFIC_SCOPE : id;
    }

    /** Traffic scope ids, for the allow-list bookkeeping of a scope. */
    Map<String, Integer> trafficScopeIds() {
        return trafficScopeIds;
    }

    /** The decision made by rule {@code rule} of {@code table}. */
    Decision decision(RuleTable table, int rule) {
        return decisionAt(table.ruleBase + rule);
    }

    private Ipv4Table ipv4Table(int base, int n) {
        boolean[] deny = new boolean[n];
        int[] scopes = new int[n];
        long[] expiresAt = new long[n];
        int[][] trafficScopeIds = new int[n][];
        long[] first = new long[n];
        long[] last = new long[n];
        for (int i = 0; i < n; i++) {
            Rule rule = rules[base + i];
            deny[i] = rule.action() == Action.DENY;
            scopes[i] = rule.scope().ordinal();
            expiresAt[i] = Liveness.expiresAt(rule);
            trafficScopeIds[i] = trafficScopeIds(rule);
            first[i] = rule.block().first().lo();
            last[i] = rule.block().last().lo();
        }
        SegmentSweep sweep = SegmentSweep.ipv4(first, last);
        return new Ipv4Table(base, deny, scopes, expiresAt, trafficScopeIds, first, last, sweep);
    }

    private Ipv6Table ipv6Table(int base, int n) {
        boolean[] deny = new boolean[n];
        int[] scopes = new int[n];
        long[] expiresAt = new long[n];
        int[][] trafficScopeIds = new int[n][];
        long[] firstHi = new long[n];
        long[] firstLo = new long[n];
        long[] lastHi = new long[n];
        long[] lastLo = new long[n];
        long[] spanHi = new long[n];
        long[] spanLo = new long[n];
        for (int i = 0; i < n; i++) {
            Rule rule = rules[base + i];
            IpBlock block = rule.block();
            deny[i] = rule.action() == Action.DENY;
            scopes[i] = rule.scope().ordinal();
            expiresAt[i] = Liveness.expiresAt(rule);
            trafficScopeIds[i] = trafficScopeIds(rule);
            firstHi[i] = block.first().hi();
            firstLo[i] = block.first().lo();
            lastHi[i] = block.last().hi();
            lastLo[i] = block.last().lo();
            spanHi[i] = block.spanHi();
            spanLo[i] = block.spanLo();
        }
        SegmentSweep sweep = SegmentSweep.ipv6(firstHi, firstLo, lastHi, lastLo);
        return new Ipv6Table(base, deny, scopes, expiresAt, trafficScopeIds, spanHi, spanLo, sweep);
    }

    private int[] trafficScopeIds(Rule rule) {
        if (rule.trafficScopes().isEmpty()) {
            return NO_TRAFFIC_SCOPES;
        }
        return rule.trafficScopes().stream()
                .mapToInt(trafficScopeIds::get)
                .sorted()
                .toArray();
    }

    private static final int[] NO_TRAFFIC_SCOPES = new int[0];
}
