package dev.ipfence.core.policy;

import dev.ipfence.core.events.AdmissionRuleState;
import java.util.UUID;

/** An admission rule compiled: its condition and time window, and its number for per-request outcomes. */
record CompiledAdmission(UUID id, Type type, Condition condition, TimeWindows.Compiled window, int index) {

    enum Type {
        ALLOW,
        DENY,
        CUSTOM
    }

    static CompiledAdmission compile(AdmissionRuleState rule, int index) {
        return new CompiledAdmission(
                rule.id(),
                Type.valueOf(rule.type()),
                Conditions.compile(rule.rule()),
                rule.hasTimeConstraint() ? TimeWindows.compile(rule.timeWindow()) : null,
                index);
    }
}
