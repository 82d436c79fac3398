package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;

/**
 * The decision for an environment from the compiled rules of its chain (environment, project,
 * organization): the access model's algorithm, giving the same decision, reason and rule as
 * {@link dev.ipfence.core.model.AccessModel#decide}, without locks.
 *
 * <p>Each scope gives its best rule taking part (a live deny, or a live allow when the scope holds
 * the allow list); the most specific of those three decides, nearest scope first on a tie.
 */
public final class ChainMatcher {

    public static final Decision NO_RULES = Decision.without(Action.ALLOW, Decision.Reason.NO_RULES);
    public static final Decision NOT_ALLOWLISTED = Decision.without(Action.DENY, Decision.Reason.NOT_ALLOWLISTED);

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
        int envToken = environment.tokenId(trafficScope);
        int projectToken = project.tokenId(trafficScope);
        int orgToken = org.tokenId(trafficScope);
        int allowListScope = allowListScope(environment, project, org, envToken, projectToken, orgToken, nowMicros);
        return family == IpFamily.IPV4
                ? decide4(environment, project, org, allowListScope, lo, envToken, projectToken, orgToken, nowMicros)
                : decide6(
                        environment, project, org, allowListScope, hi, lo, envToken, projectToken, orgToken, nowMicros);
    }

    /**
     * The allow-list scope for a request: the ordinal of the nearest scope with a live allow rule
     * for its traffic scope, or {@link RuleTable#NO_ALLOW_LIST}.
     */
    static int allowListScope(
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            int envToken,
            int projectToken,
            int orgToken,
            long nowMicros) {
        if (environment.hasLiveAllow(envToken, nowMicros)) {
            return environment.scope().ordinal();
        }
        if (project.hasLiveAllow(projectToken, nowMicros)) {
            return project.scope().ordinal();
        }
        if (org.hasLiveAllow(orgToken, nowMicros)) {
            return org.scope().ordinal();
        }
        return RuleTable.NO_ALLOW_LIST;
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
            int envToken,
            int projectToken,
            int orgToken,
            long now) {
        Ipv4Table e = environment.ipv4();
        Ipv4Table p = project.ipv4();
        Ipv4Table o = org.ipv4();
        int startEnv = e.start(address);
        int startProject = p.start(address);
        int startOrg = o.start(address);
        int fromEnv = e.candidate(startEnv, address, allowListScope, envToken, now);
        int fromProject = p.candidate(startProject, address, allowListScope, projectToken, now);
        int fromOrg = o.candidate(startOrg, address, allowListScope, orgToken, now);
        int ruleEnv = RuleTable.rule(fromEnv);
        int ruleProject = RuleTable.rule(fromProject);
        int ruleOrg = RuleTable.rule(fromOrg);
        long rankEnv = fromEnv == RuleTable.NONE ? Long.MAX_VALUE : e.rank(fromEnv);
        long rankProject = fromProject == RuleTable.NONE ? Long.MAX_VALUE : p.rank(fromProject);
        long rankOrg = fromOrg == RuleTable.NONE ? Long.MAX_VALUE : o.rank(fromOrg);
        // the most specific wins; on a tie the nearer scope
        if (fromEnv != RuleTable.NONE && rankEnv <= rankProject && rankEnv <= rankOrg) {
            return environment.decision(e, ruleEnv);
        }
        if (fromProject != RuleTable.NONE && rankProject <= rankOrg) {
            return project.decision(p, ruleProject);
        }
        if (fromOrg != RuleTable.NONE) {
            return org.decision(o, ruleOrg);
        }
        return allowListScope != RuleTable.NO_ALLOW_LIST ? NOT_ALLOWLISTED : NO_RULES;
    }

    private static Decision decide6(
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            int allowListScope,
            long hi,
            long lo,
            int envToken,
            int projectToken,
            int orgToken,
            long now) {
        Ipv6Table e = environment.ipv6();
        Ipv6Table p = project.ipv6();
        Ipv6Table o = org.ipv6();
        int startEnv = e.start(hi, lo);
        int startProject = p.start(hi, lo);
        int startOrg = o.start(hi, lo);
        int fromEnv = e.candidate(startEnv, hi, lo, allowListScope, envToken, now);
        int fromProject = p.candidate(startProject, hi, lo, allowListScope, projectToken, now);
        int fromOrg = o.candidate(startOrg, hi, lo, allowListScope, orgToken, now);
        CompiledScope bestScope = null;
        Ipv6Table bestTable = null;
        int best = RuleTable.NONE;
        if (fromEnv != RuleTable.NONE) {
            bestScope = environment;
            bestTable = e;
            best = fromEnv;
        }
        if (fromProject != RuleTable.NONE && (best == RuleTable.NONE || p.moreSpecific(fromProject, bestTable, best))) {
            bestScope = project;
            bestTable = p;
            best = fromProject;
        }
        if (fromOrg != RuleTable.NONE && (best == RuleTable.NONE || o.moreSpecific(fromOrg, bestTable, best))) {
            bestScope = org;
            bestTable = o;
            best = fromOrg;
        }
        if (bestScope != null) {
            return bestScope.decision(bestTable, RuleTable.rule(best));
        }
        return allowListScope != RuleTable.NO_ALLOW_LIST ? NOT_ALLOWLISTED : NO_RULES;
    }
}
