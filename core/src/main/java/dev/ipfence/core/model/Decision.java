package dev.ipfence.core.model;

import java.util.UUID;

/** The answer for one client address: the action, why, and the rule that decided (if any). */
public record Decision(Action action, Reason reason, UUID ruleId, Scope ruleScope) {

    public enum Reason {
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
        UNKNOWN_ENVIRONMENT
    }

    public static Decision of(Rule rule) {
        return new Decision(
                rule.action(),
                rule.action() == Action.DENY ? Reason.DENY_RULE : Reason.ALLOW_RULE,
                rule.id(),
                rule.scope());
    }

    public static Decision without(Action action, Reason reason) {
        return new Decision(action, reason, null, null);
    }
}
