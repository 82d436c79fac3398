package dev.ipfence.core.policy;

import static dev.ipfence.core.policy.StringConditions.FALSE;
import static dev.ipfence.core.policy.StringConditions.TRUE;
import static dev.ipfence.core.policy.StringConditions.UNKNOWN;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.ipfence.core.policy.StringConditions.Context;
import dev.ipfence.core.policy.StringConditions.Node;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The parts of a {@link StringConditions} condition that read an attribute of the user or the
 * device: {@code has()}, a bool attribute on its own, and an attribute compared with a constant.
 * A value of another type than the constant's, or a missing one, is {@link StringConditions#UNKNOWN}:
 * CEL's answer for it is its own.
 */
final class AttributeConditions {

    private AttributeConditions() {}

    /** {@code has(user.attributes.key)}, or a bool attribute on its own ({@code device.attributes.managed}). */
    static Node test(Context ast, CelExpr expr) {
        Function<ConditionInput, Map<String, Object>> map =
                attributes(ast, expr.select().operand());
        if (map == null) {
            return null;
        }
        String key = expr.select().field();
        if (expr.select().testOnly()) {
            return (input, element) -> map.apply(input).containsKey(key) ? TRUE : FALSE;
        }
        return (input, element) -> map.apply(input).get(key) instanceof Boolean b ? (b ? TRUE : FALSE) : UNKNOWN;
    }

    /** An attribute compared with a constant: decided directly when the value has the constant's type. */
    static Node comparison(Context ast, List<CelExpr> args, String function) {
        if (args.size() != 2) {
            return null;
        }
        CelExpr attribute = args.get(0);
        CelExpr constant = args.get(1);
        boolean equality = function.equals("_==_") || function.equals("_!=_");
        if (equality && attribute.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
            attribute = args.get(1);
            constant = args.get(0);
        }
        if (attribute.getKind() != CelExpr.ExprKind.Kind.SELECT
                || attribute.select().testOnly()
                || constant.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
            return null;
        }
        Function<ConditionInput, Map<String, Object>> map =
                attributes(ast, attribute.select().operand());
        if (map == null) {
            return null;
        }
        String key = attribute.select().field();
        CelConstant value = constant.constant();
        IntPredicate holds = switch (function) {
            case "_==_" -> c -> c == 0;
            case "_!=_" -> c -> c != 0;
            case "_<_" -> c -> c < 0;
            case "_<=_" -> c -> c <= 0;
            case "_>_" -> c -> c > 0;
            default -> c -> c >= 0;
        };
        return switch (value.getKind()) {
            case INT64_VALUE -> {
                long n = value.int64Value();
                yield (input, element) -> map.apply(input).get(key) instanceof Long l
                        ? (holds.test(Long.compare(l, n)) ? TRUE : FALSE)
                        : UNKNOWN;
            }
            case BOOLEAN_VALUE -> {
                if (!equality) {
                    yield null;
                }
                boolean b = value.booleanValue();
                yield (input, element) -> map.apply(input).get(key) instanceof Boolean v
                        ? (holds.test(v == b ? 0 : 1) ? TRUE : FALSE)
                        : UNKNOWN;
            }
            case STRING_VALUE -> {
                if (!equality) {
                    yield null;
                }
                String t = value.stringValue();
                yield (input, element) -> map.apply(input).get(key) instanceof String v
                        ? (holds.test(v.equals(t) ? 0 : 1) ? TRUE : FALSE)
                        : UNKNOWN;
            }
            default -> null;
        };
    }

    private static Function<ConditionInput, Map<String, Object>> attributes(Context ast, CelExpr expr) {
        String name = ConditionOperands.variable(ast, expr);
        if ("user.attributes".equals(name)) {
            return ConditionInput::userAttributes;
        }
        if ("device.attributes".equals(name)) {
            return ConditionInput::deviceAttributes;
        }
        return null;
    }
}
