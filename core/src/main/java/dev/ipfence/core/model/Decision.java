package dev.ipfence.core.model;

import java.util.UUID;

/**
 * The answer for one client address: the action, why, and the rule that decided (if any). A rule
 * that decides is its own decision ({@link Rule} implements this), so that deciding makes no
 * object and a matcher keeps none per rule. Two decisions are equal when they are by equal rules,
 * or are the same decision without a rule.
 */
public sealed interface Decision permits Rule, Decision.WithoutRule {

    Action action();

    Reason reason();

    /** The rule that decided, or null. */
    UUID ruleId();

    /** The scope of the rule that decided, or null. */
    Scope ruleScope();

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
        RULES_UNAVAILABLE
    }

    static Decision of(Rule rule) {
        return rule;
    }

    static Decision without(Action action, Reason reason) {
        return new WithoutRule(action, reason);
    }

    /** A decision that no rule made. */
    record WithoutRule(Action action, Reason reason) implements Decision {

        @Override
        public UUID ruleId() {
            return null;
        }

        @Override
        public Scope ruleScope() {
            return null;
        }
    }
}
