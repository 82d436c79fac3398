package dev.ipfence.core.model;

import java.util.UUID;

/**
 * The answer for one client address: the action, why, and the rule that decided (if any). A rule
 * that decides is its own decision ({@link Rule} implements this), so that deciding makes no
 * object and a matcher keeps none per rule. Two decisions are equal when they are by equal rules,
 * or are the same decision without a rule.
 */
public sealed interface Decision permits Rule, Decision.WithoutRule, Decision.ByPolicy {

    Action action();

    Reason reason();

    /** The rule that decided, or null. */
    default UUID ruleId() {
        return null;
    }

    /** The scope of the rule that decided, or null. */
    default Scope ruleScope() {
        return null;
    }

    /** The policy that decided (identity-aware access), or null. */
    default UUID policyId() {
        return null;
    }

    /** The admission rule of the policy that decided, or null. */
    default UUID admissionRuleId() {
        return null;
    }

    enum Reason {
        /** A deny rule was the most specific match. */
        DENY_RULE,
        /** An allow rule was the most specific match. */
        ALLOW_RULE,
        /** An allow list applies and no rule matched. */
        NOT_ALLOWLISTED,
        /** No rule takes part, so everything is allowed. */
        NO_RULES,
        /** The client address could not be parsed; never treated as allowed. */
        BAD_CLIENT_IP,
        /** The enforcement service knows no such environment: fail closed. */
        UNKNOWN_ENVIRONMENT,
        /** A trusted proxy sent no client address: fail closed rather than judge the proxy itself. */
        MISSING_CLIENT_IP,
        /**
         * Enforcement cannot vouch for the environment's chain (a rule of it could not be applied or
         * compiled): fail closed for that chain only.
         */
        RULES_UNAVAILABLE,
        /**
         * The environment's organization is served by another shard of enforcement replicas, so this
         * replica holds none of its rules: fail closed (the proxy asked the wrong pool).
         */
        OTHER_SHARD,
        /** An applying policy allowed the request with an identity, and none denied it. */
        POLICY_ALLOW,
        /** An applying policy denied the request with an identity: deny overrides allow. */
        POLICY_DENY,
        /**
         * Policies of the organization cover the resource, but none applies to the request with an
         * identity: fail closed rather than fall back to the IP decision.
         */
        NO_POLICY
    }

    static Decision of(Rule rule) {
        return rule;
    }

    static Decision without(Action action, Reason reason) {
        return new WithoutRule(action, reason);
    }

    /** A decision of the identity-aware layer: a policy's (and its admission rule's), or none's. */
    static Decision byPolicy(Action action, Reason reason, UUID policyId, UUID admissionRuleId) {
        return new ByPolicy(action, reason, policyId, admissionRuleId);
    }

    /** A decision of the policies: {@link Reason#POLICY_ALLOW}, {@link Reason#POLICY_DENY} or {@link Reason#NO_POLICY}. */
    record ByPolicy(Action action, Reason reason, UUID policyId, UUID admissionRuleId) implements Decision {}

    /** A decision that no rule made. */
    record WithoutRule(Action action, Reason reason) implements Decision {}
}
