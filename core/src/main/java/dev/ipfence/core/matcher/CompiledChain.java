package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Decision;

/**
 * A whole chain's decisions for one traffic scope, precomputed for large chains that get traffic:
 * one bucket, one record and one decision slot instead of three scope lookups (docs/matcher.md).
 * Its answers hold only for the compiled scopes it was built from ({@link #builtFrom}) and the
 * allow list it was built for ({@link #answers}), and a segment where an expiring rule would take
 * part is left to the scopes: so {@link #decide} may answer null, and the scopes then decide.
 */
public final class CompiledChain {

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
        ChainFamily v4 = ChainFamily.collect(owners, false, trafficScope);
        ChainFamily v6 = ChainFamily.collect(owners, true, trafficScope);
        this.size = v4.count + v6.count;
        ipv4 = new Ipv4Answers(ChainSegments.of(v4, SegmentSweep.ipv4(v4.firstLo, v4.lastLo), allowListScope));
        ipv6 = new Ipv6Answers(
                ChainSegments.of(v6, SegmentSweep.ipv6(v6.firstHi, v6.firstLo, v6.lastHi, v6.lastLo), allowListScope));
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
        if (answer == Answer.SCAN) {
            return null;
        }
        return owners[Answer.owner(answer)].decisionAt(Answer.slot(answer));
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
}
