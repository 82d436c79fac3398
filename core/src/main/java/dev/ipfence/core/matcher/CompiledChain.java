package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.util.Arrays;

/**
 * The decisions of a whole environment chain (environment, project, organization) for one traffic
 * scope, laid out for large chains that get traffic: the address space is cut into segments at
 * every rule boundary, and each segment holds the answer itself, so that a lookup reads one bucket
 * of the index, one record and the deciding rule's decision. Neighbouring segments with the same
 * answer are one record.
 *
 * <p>The answers hold for the traffic scope and the allow-list scope the table was built for
 * ({@link #answers}); rules naming traffic scopes are settled at build time. A segment where a rule
 * that expires would take part before the deciding one is marked, and its lookups are left to the
 * chain's {@link CompiledScope}s, as are lookups for another allow-list scope. Built from three
 * compiled scopes and valid as long as they are the current ones ({@link #builtFrom}); its answers
 * point into the scopes' rules, which are their own decisions.
 */
public final class CompiledChain {

    /** An answer left to the scopes: a rule that expires takes part before the deciding one. */
    private static final int SCAN = -1;

    /**
     * An answer is an owner in its upper bits (a scope's ordinal, or {@link #NO_RULE_OWNER}) and a
     * position in the owner's decisions below.
     */
    private static final int OWNER_SHIFT = 28;

    private static final int POSITION = (1 << OWNER_SHIFT) - 1;
    /** The owner after the three scopes: the decision without a rule, at position 0. */
    private static final int NO_RULE_OWNER = Scope.values().length;

    private static final int NO_RULE_ANSWER = NO_RULE_OWNER << OWNER_SHIFT;

    private final CompiledScope environment;
    private final CompiledScope project;
    private final CompiledScope org;
    /** Null: the traffic scopes no rule of the chain names, and requests without one. */
    private final String trafficScope;

    private final int allowListScope;
    private final CompiledRules[] owners;
    private final int size;
    private final Ipv4Answers ipv4;
    private final Ipv6Answers ipv6;

    private CompiledChain(
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            String trafficScope,
            int allowListScope) {
        this.environment = environment;
        this.project = project;
        this.org = org;
        this.trafficScope = trafficScope;
        this.allowListScope = allowListScope;
        this.owners = new CompiledRules[] {
            environment.compiled(),
            project.compiled(),
            org.compiled(),
            CompiledRules.noRuleDecision(AllowListScope.noRuleDecision(allowListScope))
        };
        Family v4 = Family.collect(owners, false, trafficScope);
        Family v6 = Family.collect(owners, true, trafficScope);
        this.size = v4.count + v6.count;
        ipv4 = new Ipv4Answers(Segments.of(v4, SegmentSweep.ipv4(v4.firstLo, v4.lastLo), allowListScope));
        ipv6 = new Ipv6Answers(
                Segments.of(v6, SegmentSweep.ipv6(v6.firstHi, v6.firstLo, v6.lastHi, v6.lastLo), allowListScope));
    }

    /**
     * The table of this chain for {@code trafficScope} (requests without one: null), with the allow
     * list as it is at {@code nowMicros}.
     */
    public static CompiledChain of(
            CompiledScope environment, CompiledScope project, CompiledScope org, String trafficScope, long nowMicros) {
        String named = tableTrafficScope(environment, project, org, trafficScope);
        int allowListScope = AllowListScope.of(
                environment,
                project,
                org,
                environment.trafficScopeId(named),
                project.trafficScopeId(named),
                org.trafficScopeId(named),
                nowMicros);
        return new CompiledChain(environment, project, org, named, allowListScope);
    }

    /**
     * The traffic scope whose table answers requests for {@code trafficScope}: itself when a rule
     * of the chain names it, else null (no rule tells it apart from a request without one).
     */
    public static String tableTrafficScope(
            CompiledScope environment, CompiledScope project, CompiledScope org, String trafficScope) {
        boolean named = environment.trafficScopeId(trafficScope) != Liveness.NO_TRAFFIC_SCOPE
                || project.trafficScopeId(trafficScope) != Liveness.NO_TRAFFIC_SCOPE
                || org.trafficScopeId(trafficScope) != Liveness.NO_TRAFFIC_SCOPE;
        return named ? trafficScope : null;
    }

    /** Whether this table was built from exactly these compiled scopes (so it is current). */
    public boolean builtFrom(CompiledScope environment, CompiledScope project, CompiledScope org) {
        return this.environment == environment && this.project == project && this.org == org;
    }

    /** Whether this table answers for {@code trafficScope} at {@code nowMicros}: the same allow list. */
    public boolean answers(String trafficScope, long nowMicros) {
        return allowListScopeOf(trafficScope, nowMicros) == allowListScope;
    }

    /**
     * The decision, or null when this table leaves it to the scopes: another traffic scope or allow
     * list, or a segment where an expiring rule takes part.
     */
    public Decision decide(IpFamily family, long hi, long lo, String trafficScope, long nowMicros) {
        if (allowListScopeOf(trafficScope, nowMicros) != allowListScope) {
            return null;
        }
        int answer = family == IpFamily.IPV4 ? ipv4.answer(lo) : ipv6.answer(hi, lo);
        if (answer == SCAN) {
            return null;
        }
        return owners[answer >>> OWNER_SHIFT].decisionAt(answer & POSITION);
    }

    /** The allow-list scope for a request, or {@link #OTHER_TRAFFIC_SCOPE}. */
    private int allowListScopeOf(String trafficScope, long nowMicros) {
        int envId = environment.trafficScopeId(trafficScope);
        int projectId = project.trafficScopeId(trafficScope);
        int orgId = org.trafficScopeId(trafficScope);
        boolean named = envId != Liveness.NO_TRAFFIC_SCOPE
                || projectId != Liveness.NO_TRAFFIC_SCOPE
                || orgId != Liveness.NO_TRAFFIC_SCOPE;
        if (named ? !trafficScope.equals(this.trafficScope) : this.trafficScope != null) {
            return OTHER_TRAFFIC_SCOPE;
        }
        return AllowListScope.of(environment, project, org, envId, projectId, orgId, nowMicros);
    }

    /** Not an allow-list scope: the request is for a traffic scope this table is not built for. */
    private static final int OTHER_TRAFFIC_SCOPE = -1;

    public CompiledScope environment() {
        return environment;
    }

    public CompiledScope project() {
        return project;
    }

    public CompiledScope org() {
        return org;
    }

    /** The traffic scope of this table (null: requests without one, or with one no rule names). */
    public String trafficScope() {
        return trafficScope;
    }

    /** Rules of the chain in this table: live, and applying to its traffic scope. */
    public int size() {
        return size;
    }

    /** One family's rules of the chain that apply to the traffic scope, in the access model's order. */
    private static final class Family {
        final int count;
        final long[] firstHi;
        final long[] firstLo;
        final long[] lastHi;
        final long[] lastLo;
        /** Owner and position: the answer when the rule decides. */
        final int[] answer;

        /** The ordinal of the owning scope. */
        final int[] scope;

        final boolean[] deny;
        final boolean[] expires;

        private Family(int count) {
            this.count = count;
            firstHi = new long[count];
            firstLo = new long[count];
            lastHi = new long[count];
            lastLo = new long[count];
            answer = new int[count];
            scope = new int[count];
            deny = new boolean[count];
            expires = new boolean[count];
        }

        /** Each scope's rules are already in precedence order: merging the three gives the chain's. */
        static Family collect(CompiledRules[] owners, boolean v6, String trafficScope) {
            int[][] picked = new int[3][];
            int total = 0;
            for (int s = 0; s < 3; s++) {
                CompiledRules rules = owners[s];
                int from = v6 ? rules.ipv6.ruleBase : 0;
                int to = v6 ? rules.live() : rules.ipv6.ruleBase;
                int[] list = new int[to - from];
                int n = 0;
                for (int i = from; i < to; i++) {
                    Rule rule = rules.rules[i];
                    if (Liveness.appliesTo(rule.trafficScopes(), trafficScope)) {
                        list[n++] = i;
                    }
                }
                picked[s] = Arrays.copyOf(list, n);
                total += n;
            }
            Family family = new Family(total);
            int[] cursor = new int[3];
            for (int out = 0; out < total; out++) {
                int best = -1;
                for (int s = 0; s < 3; s++) {
                    if (cursor[s] < picked[s].length
                            && (best < 0
                                    || Precedence.compare(
                                                    owners[s].rules[picked[s][cursor[s]]],
                                                    s,
                                                    owners[best].rules[picked[best][cursor[best]]],
                                                    best)
                                            < 0)) {
                        best = s;
                    }
                }
                int position = picked[best][cursor[best]++];
                Rule rule = owners[best].rules[position];
                family.firstHi[out] = rule.block().first().hi();
                family.firstLo[out] = rule.block().first().lo();
                family.lastHi[out] = rule.block().last().hi();
                family.lastLo[out] = rule.block().last().lo();
                family.answer[out] = best << OWNER_SHIFT | position;
                family.scope[out] = best;
                family.deny[out] = rule.action() == Action.DENY;
                family.expires[out] = Liveness.expires(Liveness.expiresAt(rule));
            }
            return family;
        }
    }

    /** Segment starts and their answers, neighbours with the same answer joined. */
    private record Segments(long[] startHi, long[] startLo, int[] answer, int count) {

        static Segments of(Family family, SegmentSweep sweep, int allowListScope) {
            long[] startHi = new long[sweep.count];
            long[] startLo = new long[sweep.count];
            int[] answers = new int[sweep.count];
            int count = 0;
            // before the first segment no rule applies
            int previous = NO_RULE_ANSWER;
            for (int s = 0; s < sweep.count; s++) {
                int answer = NO_RULE_ANSWER;
                for (int m = sweep.offsets[s]; m < sweep.offsets[s + 1]; m++) {
                    int rule = sweep.members[m];
                    if (AllowListScope.takesPart(family.deny[rule], family.scope[rule], allowListScope)) {
                        answer = family.expires[rule] ? SCAN : family.answer[rule];
                        break;
                    }
                }
                if (answer != previous) {
                    startHi[count] = sweep.startHi[s];
                    startLo[count] = sweep.startLo[s];
                    answers[count++] = answer;
                    previous = answer;
                }
            }
            return new Segments(startHi, startLo, answers, count);
        }
    }

    /**
     * IPv4 answers: records {@code [start, answer]}, record 0 for the addresses before every
     * segment, then one per segment.
     */
    private static final class Ipv4Answers {
        private final Ipv4Index index;
        private final int[] records;
        private final int lastRecord;

        Ipv4Answers(Segments segments) {
            int count = segments.count();
            records = new int[2 * (count + 1)];
            records[1] = NO_RULE_ANSWER;
            int[] positions = new int[count];
            for (int s = 0; s < count; s++) {
                positions[s] = 2 * (s + 1);
                records[positions[s]] = (int) segments.startLo()[s];
                records[positions[s] + 1] = segments.answer()[s];
            }
            lastRecord = 2 * count;
            index = new Ipv4Index(segments.startLo(), count, positions);
        }

        int answer(long address) {
            int at = Math.max(index.start(address), 0);
            int[] records = this.records;
            while (at != lastRecord && (records[at + 2] & 0xFFFF_FFFFL) <= address) {
                at += 2;
            }
            return records[at + 1];
        }
    }

    /**
     * IPv6 answers: records {@code [start as four ints, answer]}, record 0 for the addresses
     * before every segment, then one per segment.
     */
    private static final class Ipv6Answers {
        private static final int RECORD = 5;
        private final Ipv6Index index;
        private final int[] records;
        private final int lastRecord;

        Ipv6Answers(Segments segments) {
            int count = segments.count();
            records = new int[RECORD * (count + 1)];
            records[RECORD - 1] = NO_RULE_ANSWER;
            int[] positions = new int[count];
            for (int s = 0; s < count; s++) {
                int at = RECORD * (s + 1);
                positions[s] = at;
                long hi = segments.startHi()[s];
                long lo = segments.startLo()[s];
                records[at] = (int) (hi >>> 32);
                records[at + 1] = (int) hi;
                records[at + 2] = (int) (lo >>> 32);
                records[at + 3] = (int) lo;
                records[at + 4] = segments.answer()[s];
            }
            lastRecord = RECORD * count;
            index = new Ipv6Index(segments.startHi(), segments.startLo(), count, positions);
        }

        int answer(long hi, long lo) {
            int at = Math.max(index.start(hi, lo), 0);
            int[] records = this.records;
            while (at != lastRecord) {
                int next = at + RECORD;
                long nextHi = (long) records[next] << 32 | (records[next + 1] & 0xFFFF_FFFFL);
                long nextLo = (long) records[next + 2] << 32 | (records[next + 3] & 0xFFFF_FFFFL);
                if (Ipv6Index.below(hi, lo, nextHi, nextLo)) {
                    break;
                }
                at = next;
            }
            return records[at + RECORD - 1];
        }
    }
}
