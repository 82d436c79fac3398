package dev.ipfence.core.policy;

/** Why a condition is refused: the compiler's message and where (1-based line and column). */
public record ConditionProblem(String message, int line, int column) {}
