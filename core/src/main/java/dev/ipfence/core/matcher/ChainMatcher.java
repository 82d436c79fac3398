package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Decision;

/**
 * The decision for an environment from the compiled scopes of its chain (docs/matcher.md): the
 * same decision, reason and rule as {@link dev.ipfence.core.model.AccessModel#decide}, without
 * locks. Each scope gives its best candidate, the three are compared by {@link Precedence}.
 */
public final class ChainMatcher {

    private ChainMatcher() {}

    public static Decision decide(
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            IpAddress client,
            String trafficScope,
            long nowMicros) {
        return decide(environment, project, org, client.family(), client.hi(), client.lo(), trafficScope, nowMicros);
    }

    public static Decision decide(
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            IpFamily family,
            long hi,
            long lo,
            String trafficScope,
            long nowMicros) {
        int envId = environment.trafficScopeId(trafficScope);
        int projectId = project.trafficScopeId(trafficScope);
        int orgId = org.trafficScopeId(trafficScope);
        int allowListScope = AllowListScope.of(environment, project, org, envId, projectId, orgId, nowMicros);
        return family == IpFamily.IPV4
                ? decide4(environment, project, org, allowListScope, lo, envId, projectId, orgId, nowMicros)
                : decide6(environment, project, org, allowListScope, hi, lo, envId, projectId, orgId, nowMicros);
    }

    /**
     * The same decision from a chain's table: one lookup instead of three when the table answers
     * for this traffic scope and allow list, else from the chain's scopes.
     */
    public static Decision decide(CompiledChain chain, IpAddress client, String trafficScope, long nowMicros) {
        return decide(chain, client.family(), client.hi(), client.lo(), trafficScope, nowMicros);
    }

    public static Decision decide(
            CompiledChain chain, IpFamily family, long hi, long lo, String trafficScope, long nowMicros) {
        Decision decision = chain.decide(family, hi, lo, trafficScope, nowMicros);
        return decision != null
                ? decision
                : decide(chain.environment(), chain.project(), chain.org(), family, hi, lo, trafficScope, nowMicros);
    }

    private static Decision decide4(
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            int allowListScope,
            long address,
            int envTrafficScopeId,
            int projectTrafficScopeId,
            int orgTrafficScopeId,
            long now) {
        Ipv4Table e = environment.ipv4();
        Ipv4Table p = project.ipv4();
        Ipv4Table o = org.ipv4();
        int startEnv = e.start(address);
        int startProject = p.start(address);
        int startOrg = o.start(address);
        int fromEnv = e.candidate(startEnv, address, allowListScope, envTrafficScopeId, now);
        int fromProject = p.candidate(startProject, address, allowListScope, projectTrafficScopeId, now);
        int fromOrg = o.candidate(startOrg, address, allowListScope, orgTrafficScopeId, now);
        long rankEnv = fromEnv == Member.NONE ? Precedence.IPV4_NO_RULE : e.rank(fromEnv);
        long rankProject = fromProject == Member.NONE ? Precedence.IPV4_NO_RULE : p.rank(fromProject);
        long rankOrg = fromOrg == Member.NONE ? Precedence.IPV4_NO_RULE : o.rank(fromOrg);
        // ranks of different scopes never tie
        if (fromEnv != Member.NONE && rankEnv < rankProject && rankEnv < rankOrg) {
            return environment.decision(e, Member.rule(fromEnv));
        }
        if (fromProject != Member.NONE && rankProject < rankOrg) {
            return project.decision(p, Member.rule(fromProject));
        }
        if (fromOrg != Member.NONE) {
            return org.decision(o, Member.rule(fromOrg));
        }
        return AllowListScope.noRuleDecision(allowListScope);
    }

    private static Decision decide6(
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            int allowListScope,
            long hi,
            long lo,
            int envTrafficScopeId,
            int projectTrafficScopeId,
            int orgTrafficScopeId,
            long now) {
        Ipv6Table e = environment.ipv6();
        Ipv6Table p = project.ipv6();
        Ipv6Table o = org.ipv6();
        int startEnv = e.start(hi, lo);
        int startProject = p.start(hi, lo);
        int startOrg = o.start(hi, lo);
        int fromEnv = e.candidate(startEnv, hi, lo, allowListScope, envTrafficScopeId, now);
        int fromProject = p.candidate(startProject, hi, lo, allowListScope, projectTrafficScopeId, now);
        int fromOrg = o.candidate(startOrg, hi, lo, allowListScope, orgTrafficScopeId, now);
        CompiledScope bestScope = null;
        Ipv6Table bestTable = null;
        int best = Member.NONE;
        if (fromEnv != Member.NONE) {
            bestScope = environment;
            bestTable = e;
            best = fromEnv;
        }
        if (fromProject != Member.NONE && (best == Member.NONE || p.before(fromProject, bestTable, best))) {
            bestScope = project;
            bestTable = p;
            best = fromProject;
        }
        if (fromOrg != Member.NONE && (best == Member.NONE || o.before(fromOrg, bestTable, best))) {
            bestScope = org;
            bestTable = o;
            best = fromOrg;
        }
        if (bestScope != null) {
            return bestScope.decision(bestTable, Member.rule(best));
        }
        return AllowListScope.noRuleDecision(allowListScope);
    }
}
