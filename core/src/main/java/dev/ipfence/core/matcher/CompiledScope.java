package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one scope (an organization, a project or an environment) compiled for lookups:
 * immutable, so any number of threads read it without locks, and a lookup allocates nothing
 * (but a rule's decision object, once, at its first match).
 *
 * <p>Each family's address space is cut into segments at every rule boundary; each segment lists
 * the rules covering it, most specific first. A lookup finds the segment through a bucket index
 * (about one bucket per segment, then a search among a few neighbouring starts) and scans its
 * members for the first that takes part. Expiry and traffic scopes are checked during the scan,
 * against the caller's clock: no rebuild is needed when a rule expires. Inactive rules are left
 * out at compile time since they never match.
 */
public final class CompiledScope {

    public static final long NEVER = Long.MAX_VALUE;

    private final Scope scope;
    /** Live IPv4 rules in order, then live IPv6 rules in order, then the inactive ones. */
    private final Rule[] rules;
    /** One per live rule, made on the rule's first decision. */
    private final Decision[] decisions;

    private final Map<String, Integer> tokenIds;
    private final long allTrafficAllowUntil;
    private final long[] tokenAllowUntil;
    private final Ipv4Table ipv4;
    private final Ipv6Table ipv6;

    private CompiledScope(Scope scope, Collection<Rule> all) {
        this.scope = scope;
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
        decisions = new Decision[live4.size() + live6.size()];

        tokenIds = new HashMap<>();
        for (int i = 0; i < decisions.length; i++) {
            for (String token : rules[i].trafficScopes()) {
                tokenIds.putIfAbsent(token, tokenIds.size());
            }
        }
        long allUntil = Long.MIN_VALUE;
        long[] tokenUntil = new long[tokenIds.size()];
        Arrays.fill(tokenUntil, Long.MIN_VALUE);
        for (int i = 0; i < decisions.length; i++) {
            Rule rule = rules[i];
            if (rule.action() == Action.ALLOW) {
                long expiresAt = expiresAt(rule);
                if (rule.trafficScopes().isEmpty()) {
                    allUntil = Math.max(allUntil, expiresAt);
                }
                for (String token : rule.trafficScopes()) {
                    int id = tokenIds.get(token);
                    tokenUntil[id] = Math.max(tokenUntil[id], expiresAt);
                }
            }
        }
        allTrafficAllowUntil = allUntil;
        tokenAllowUntil = tokenUntil;
        ipv4 = ipv4Table(0, live4.size());
        ipv6 = ipv6Table(live4.size(), live6.size());
    }

    /**
     * The rules of one scope in {@link AccessModel#MOST_SPECIFIC_FIRST} order (the scope is the
     * same for all), sorted on primitive keys: a million rules sort in a fraction of the time.
     */
    private static List<Rule> mostSpecificFirst(List<Rule> rules) {
        int n = rules.size();
        long[] spanHi = new long[n];
        long[] spanLo = new long[n];
        boolean[] allow = new boolean[n];
        long[] createdSeconds = new long[n];
        int[] createdNanos = new int[n];
        long[] idMsb = new long[n];
        long[] idLsb = new long[n];
        for (int i = 0; i < n; i++) {
            Rule rule = rules.get(i);
            spanHi[i] = rule.block().spanHi();
            spanLo[i] = rule.block().spanLo();
            allow[i] = rule.action() == Action.ALLOW;
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
        long[] expiresAt = new long[n];
        int[][] tokens = new int[n][];
        long[] first = new long[n];
        long[] last = new long[n];
        for (int i = 0; i < n; i++) {
            Rule rule = rules[base + i];
            deny[i] = rule.action() == Action.DENY;
            expiresAt[i] = expiresAt(rule);
            tokens[i] = tokens(rule);
            first[i] = rule.block().first().lo();
            last[i] = rule.block().last().lo();
        }
        long[] zeros = new long[n];
        SegmentSweep sweep = SegmentSweep.of(zeros, first, zeros, last, 0, 0xFFFF_FFFFL);
        return new Ipv4Table(base, deny, expiresAt, tokens, first, last, sweep);
    }

    private Ipv6Table ipv6Table(int base, int n) {
        boolean[] deny = new boolean[n];
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
            expiresAt[i] = expiresAt(rule);
            tokens[i] = tokens(rule);
            firstHi[i] = block.first().hi();
            firstLo[i] = block.first().lo();
            lastHi[i] = block.last().hi();
            lastLo[i] = block.last().lo();
            spanHi[i] = block.spanHi();
            spanLo[i] = block.spanLo();
        }
        SegmentSweep sweep = SegmentSweep.of(firstHi, firstLo, lastHi, lastLo, -1L, -1L);
        return new Ipv6Table(base, deny, expiresAt, tokens, spanHi, spanLo, sweep);
    }

    private int[] tokens(Rule rule) {
        if (rule.trafficScopes().isEmpty()) {
            return NO_TOKENS;
        }
        return rule.trafficScopes().stream().mapToInt(tokenIds::get).sorted().toArray();
    }

    private static final int[] NO_TOKENS = new int[0];

    private static long expiresAt(Rule rule) {
        return rule.expiresAt() == null ? NEVER : micros(rule.expiresAt());
    }

    public static CompiledScope compile(Scope scope, Collection<Rule> rules) {
        return new CompiledScope(scope, rules);
    }

    public static CompiledScope empty(Scope scope) {
        return new CompiledScope(scope, List.of());
    }

    public Scope scope() {
        return scope;
    }

    /** Every rule of the scope, inactive ones included (for explanations and views). */
    public List<Rule> rules() {
        return Collections.unmodifiableList(Arrays.asList(rules));
    }

    /** This scope's number for a traffic scope, or -1 when none of its rules names it (or it is null). */
    public int tokenId(String trafficScope) {
        if (trafficScope == null) {
            return -1;
        }
        Integer id = tokenIds.get(trafficScope);
        return id == null ? -1 : id;
    }

    /** Whether a live allow rule for this traffic scope exists here, i.e. this scope has an allow list. */
    public boolean hasLiveAllow(int tokenId, long nowMicros) {
        return allTrafficAllowUntil > nowMicros || (tokenId >= 0 && tokenAllowUntil[tokenId] > nowMicros);
    }

    Ipv4Table ipv4() {
        return ipv4;
    }

    Ipv6Table ipv6() {
        return ipv6;
    }

    /** The decision made by rule {@code rule} of {@code table}. */
    Decision decision(RuleTable table, int rule) {
        return decision(table, rule, decisions[table.ruleBase + rule]);
    }

    /** The decision made by a rule, as read from the cache earlier (null: not made yet). */
    Decision cachedDecision(RuleTable table, int rule) {
        return decisions[table.ruleBase + rule];
    }

    Decision decision(RuleTable table, int rule, Decision cached) {
        Decision decision = cached;
        if (decision == null) {
            int at = table.ruleBase + rule;
            // a benign race: a record's final fields make any thread's copy safe to share
            decision = Decision.of(rules[at]);
            decisions[at] = decision;
        }
        return decision;
    }

    /** Live rules. */
    public int size() {
        return decisions.length;
    }

    /** Microseconds since the epoch: the clock resolution of stored rules and of lookups. */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
