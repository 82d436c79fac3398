package dev.ipfence.core.policy;

/** Why a condition cannot be used, and where: {@code line} and {@code column} count from 1 (0: the whole text). */
public record ConditionProblem(String message, int line, int column) {

    @Override
    public String toString() {
        return line > 0 ? message + " at line " + line + ", column " + column : message;
    }
}
