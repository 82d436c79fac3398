package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one scope ({@link CompiledScope}) compiled into one lookup table per family.
 * Immutable; a live rule is its own decision.
 */
final class CompiledRules {

    /** Live IPv4 rules in order, then live IPv6 rules in order, then the inactive ones. */
    final Rule[] rules;
    /** The decision at each position: {@link #rules} themselves, or the two decisions without a rule. */
    private final Decision[] decisions;

    private final int live;

    private final Map<String, Integer> tokenIds;
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
        live4 = mostSpecificFirst(live4);
        live6 = mostSpecificFirst(live6);
        rules = new Rule[all.size()];
        int at = 0;
        for (List<Rule> part : List.of(live4, live6, inactive)) {
            for (Rule rule : part) {
                rules[at++] = rule;
            }
        }
        live = live4.size() + live6.size();
        decisions = rules;
        tokenIds = new HashMap<>();
        for (int i = 0; i < live; i++) {
            for (String token : rules[i].trafficScopes()) {
                tokenIds.putIfAbsent(token, tokenIds.size());
            }
        }
        ipv4 = ipv4Table(0, live4.size());
        ipv6 = ipv6Table(live4.size(), live6.size());
    }

    /** No rules, and the two decisions when no rule decides: at 0 with an allow list, at 1 without. */
    private CompiledRules(Decision notAllowlisted, Decision noRules) {
        rules = new Rule[0];
        decisions = new Decision[] {notAllowlisted, noRules};
        live = 0;
        tokenIds = Map.of();
        ipv4 = null;
        ipv6 = null;
    }

    static CompiledRules noRuleDecisions() {
        return new CompiledRules(ChainMatcher.NOT_ALLOWLISTED, ChainMatcher.NO_RULES);
    }

    /** Live rules. */
    int live() {
        return live;
    }

    /** The decision of the live rule at {@code at} of {@link #rules}. */
    Decision decisionAt(int at) {
        return decisions[at];
    }

    /** The number of a traffic scope here, or -1 when no rule names it (or it is null). */
    int tokenId(String trafficScope) {
        if (trafficScope == null) {
            return -1;
        }
        Integer id = tokenIds.get(trafficScope);
        return id == null ? -1 : id;
    }

    /** Token numbers, for the allow-list bookkeeping of a scope. */
    Map<String, Integer> tokenIds() {
        return tokenIds;
    }

    /** The decision made by rule {@code rule} of {@code table}. */
    Decision decision(RuleTable table, int rule) {
        return decisionAt(table.ruleBase + rule);
    }

    /**
     * Rules in {@link AccessModel#MOST_SPECIFIC_FIRST} order, sorted on primitive keys: a million
     * rules sort in a fraction of the time the comparator chain takes.
     */
    private static List<Rule> mostSpecificFirst(List<Rule> rules) {
        int n = rules.size();
        long[] spanHi = new long[n];
        long[] spanLo = new long[n];
        boolean[] allow = new boolean[n];
        int[] scope = new int[n];
        long[] createdSeconds = new long[n];
        int[] createdNanos = new int[n];
        long[] idMsb = new long[n];
        long[] idLsb = new long[n];
        for (int i = 0; i < n; i++) {
            Rule rule = rules.get(i);
            spanHi[i] = rule.block().spanHi();
            spanLo[i] = rule.block().spanLo();
            allow[i] = rule.action() == Action.ALLOW;
            scope[i] = rule.scope().ordinal();
            createdSeconds[i] = rule.createdAt().getEpochSecond();
            createdNanos[i] = rule.createdAt().getNano();
            idMsb[i] = rule.id().getMostSignificantBits();
            idLsb[i] = rule.id().getLeastSignificantBits();
        }
        int[] order = SegmentSweep.sortedOrder(n, (a, b) -> {
            int cmp = Long.compareUnsigned(spanHi[a], spanHi[b]);
            if (cmp == 0) {
                cmp = Long.compareUnsigned(spanLo[a], spanLo[b]);
            }
            if (cmp == 0) {
                cmp = Boolean.compare(allow[a], allow[b]);
            }
            if (cmp == 0) {
                cmp = Integer.compare(scope[a], scope[b]);
            }
            if (cmp == 0) {
                cmp = Long.compare(createdSeconds[a], createdSeconds[b]);
            }
            if (cmp == 0) {
                cmp = Integer.compare(createdNanos[a], createdNanos[b]);
            }
            if (cmp == 0) {
                // UUID's own order: signed halves
                cmp = Long.compare(idMsb[a], idMsb[b]);
            }
            return cmp != 0 ? cmp : Long.compare(idLsb[a], idLsb[b]);
        });
        List<Rule> sorted = new ArrayList<>(n);
        for (int i : order) {
            sorted.add(rules.get(i));
        }
        return sorted;
    }

    private Ipv4Table ipv4Table(int base, int n) {
        boolean[] deny = new boolean[n];
        int[] scopes = new int[n];
        long[] expiresAt = new long[n];
        int[][] tokens = new int[n][];
        long[] first = new long[n];
        long[] last = new long[n];
        for (int i = 0; i < n; i++) {
            Rule rule = rules[base + i];
            deny[i] = rule.action() == Action.DENY;
            scopes[i] = rule.scope().ordinal();
            expiresAt[i] = CompiledScope.expiresAt(rule);
            tokens[i] = tokens(rule);
            first[i] = rule.block().first().lo();
            last[i] = rule.block().last().lo();
        }
        SegmentSweep sweep = SegmentSweep.ipv4(first, last);
        return new Ipv4Table(base, deny, scopes, expiresAt, tokens, first, last, sweep);
    }

    private Ipv6Table ipv6Table(int base, int n) {
        boolean[] deny = new boolean[n];
        int[] scopes = new int[n];
        long[] expiresAt = new long[n];
        int[][] tokens = new int[n][];
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
            expiresAt[i] = CompiledScope.expiresAt(rule);
            tokens[i] = tokens(rule);
            firstHi[i] = block.first().hi();
            firstLo[i] = block.first().lo();
            lastHi[i] = block.last().hi();
            lastLo[i] = block.last().lo();
            spanHi[i] = block.spanHi();
            spanLo[i] = block.spanLo();
        }
        SegmentSweep sweep = SegmentSweep.ipv6(firstHi, firstLo, lastHi, lastLo);
        return new Ipv6Table(base, deny, scopes, expiresAt, tokens, spanHi, spanLo, sweep);
    }

    private int[] tokens(Rule rule) {
        if (rule.trafficScopes().isEmpty()) {
            return NO_TOKENS;
        }
        return rule.trafficScopes().stream().mapToInt(tokenIds::get).sorted().toArray();
    }

    private static final int[] NO_TOKENS = new int[0];
}
