package dev.ipfence.core.matcher;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;

/**
 * The decision for an environment from the compiled rules of its chain (environment, project,
 * organization): the access model's algorithm, giving the same decision, reason and rule as
 * {@link dev.ipfence.core.model.AccessModel#decide}, without locks or allocation.
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

        CompiledScope allowList = null;
        if (environment.hasLiveAllow(envToken, nowMicros)) {
            allowList = environment;
        } else if (project.hasLiveAllow(projectToken, nowMicros)) {
            allowList = project;
        } else if (org.hasLiveAllow(orgToken, nowMicros)) {
            allowList = org;
        }

        CompiledScope bestScope = null;
        int best = -1;
        for (int s = 0; s < 3; s++) {
            CompiledScope scope = s == 0 ? environment : s == 1 ? project : org;
            int token = s == 0 ? envToken : s == 1 ? projectToken : orgToken;
            Segments segments = scope.segments(family);
            int segment = segments.find(hi, lo);
            if (segment < 0) {
                continue;
            }
            boolean wantAllow = scope == allowList;
            boolean haveDeny = false;
            boolean haveAllow = !wantAllow;
            for (int m = segments.from(segment), end = segments.to(segment); m < end; m++) {
                int rule = segments.member(m);
                boolean deny = scope.isDeny(rule);
                if ((deny ? haveDeny : haveAllow) || !scope.isLive(rule, token, nowMicros)) {
                    continue;
                }
                if (deny) {
                    haveDeny = true;
                } else {
                    haveAllow = true;
                }
                if (bestScope == null || scope.compare(rule, bestScope, best) < 0) {
                    bestScope = scope;
                    best = rule;
                }
                if (haveDeny && haveAllow) {
                    break;
                }
            }
        }
        if (bestScope != null) {
            return bestScope.decision(best);
        }
        return allowList != null ? NOT_ALLOWLISTED : NO_RULES;
    }
}
