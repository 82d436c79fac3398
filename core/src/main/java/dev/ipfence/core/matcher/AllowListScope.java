package dev.ipfence.core.matcher;

import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Scope;

/**
 * Which rules take part (steps 3, 4 and 6 of the access model) for every fast structure: every
 * live deny, and the live allows of the allow-list scope, the nearest scope of the chain with a
 * live allow for the request's traffic scope. {@link dev.ipfence.core.model.AccessModel#takingPart}
 * is the readable reference.
 */
final class AllowListScope {

    /** No scope has a live allow: allows never take part. No scope has this ordinal. */
    static final int NONE = Scope.values().length;

    static final Decision NO_RULES = Decision.without(Action.ALLOW, Decision.Reason.NO_RULES);
    static final Decision NOT_ALLOWLISTED = Decision.without(Action.DENY, Decision.Reason.NOT_ALLOWLISTED);

    private AllowListScope() {}

    /**
     * The ordinal of the nearest scope with a live allow for the traffic scope (each scope's
     * traffic scope id given), or {@link #NONE}.
     */
    static int of(
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            int envTrafficScopeId,
            int projectTrafficScopeId,
            int orgTrafficScopeId,
            long nowMicros) {
        if (environment.hasLiveAllow(envTrafficScopeId, nowMicros)) {
            return environment.scope().ordinal();
        }
        if (project.hasLiveAllow(projectTrafficScopeId, nowMicros)) {
            return project.scope().ordinal();
        }
        if (org.hasLiveAllow(orgTrafficScopeId, nowMicros)) {
            return org.scope().ordinal();
        }
        return NONE;
    }

    /** Whether a live rule takes part: a deny, or an allow of the allow-list scope. */
    static boolean takesPart(boolean deny, int ruleScope, int allowListScope) {
        return deny || ruleScope == allowListScope;
    }

    /** The decision when no rule taking part contains the address. */
    static Decision noRuleDecision(int allowListScope) {
        return allowListScope != NONE ? NOT_ALLOWLISTED : NO_RULES;
    }
}
