package dev.ipfence.core.policy;

import java.util.List;

/**
 * The CEL conditions of admission rules. Placeholder until the compiler lands: accepts every
 * expression.
 */
public final class Conditions {

    private Conditions() {}

    /** The problems of {@code expression}; empty when it compiles to a {@code bool}. */
    public static List<ConditionProblem> check(String expression) {
        return List.of();
    }
}
