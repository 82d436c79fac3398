package dev.ipfence.core.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Optional;

/**
 * A compiled admission rule condition ({@link Conditions#compile}): compile once, evaluate for
 * many requests from many threads.
 */
public final class Condition {

    private final String expression;
    private final CelRuntime.Program program;

    Condition(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    public String expression() {
        return expression;
    }

    /** The condition's value for {@code input}, or why it could not be computed. */
    public Outcome evaluate(ConditionInput input) {
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
