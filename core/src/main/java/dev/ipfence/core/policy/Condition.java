package dev.ipfence.core.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Optional;

/**
 * A compiled admission rule condition ({@link Conditions#compile}): compile once, evaluate for
 * many requests from many threads. A condition that only compares string fields with constants
 * ({@link StringConditions}) is evaluated without the interpreter, with the same result.
 */
public final class Condition {

    private final String expression;
    private final CelRuntime.Program program;
    private final StringConditions.Node direct;

    Condition(String expression, CelRuntime.Program program, StringConditions.Node direct) {
        this.expression = expression;
        this.program = program;
        this.direct = direct;
    }

    public String expression() {
        return expression;
    }

    /** The condition's value for {@code input}, or why it could not be computed. */
    public Outcome evaluate(ConditionInput input) {
        if (direct != null) {
            int value = direct.test(input, null);
            if (value != StringConditions.UNKNOWN) {
                return value == StringConditions.TRUE ? Outcome.TRUE : Outcome.FALSE;
            }
        }
        return evaluateWithCel(input);
    }

    /** Whether {@link #evaluate} can answer without the CEL interpreter. */
    boolean direct() {
        return direct != null;
    }

    /** The condition's value by the CEL interpreter alone (the reference, and the fallback of the direct form). */
    Outcome evaluateWithCel(ConditionInput input) {
        Object value;
        try {
            value = program.eval(name -> Optional.ofNullable(input.variable(name)));
        } catch (CelEvaluationException | RuntimeException e) {
            return Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (value instanceof Boolean b) {
            return b ? Outcome.TRUE : Outcome.FALSE;
        }
        return Outcome.failed("the condition gave " + value + ", not a bool");
    }

    /** True, false, or failed with a message (a missing attribute key, a type error, the iteration limit). */
    public record Outcome(Value value, String failure) {

        public enum Value {
            TRUE,
            FALSE,
            FAILED
        }

        public static final Outcome TRUE = new Outcome(Value.TRUE, null);
        public static final Outcome FALSE = new Outcome(Value.FALSE, null);

        static Outcome failed(String failure) {
            return new Outcome(Value.FAILED, failure);
        }
    }
}
