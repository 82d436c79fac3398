package dev.ipfence.core.policy;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.ipfence.core.policy.StringConditions.Context;
import java.util.Optional;
import java.util.Set;

/** What a {@link StringConditions} part compares: a string constant, a declared string field, a declared variable. */
final class ConditionOperands {

    private static final Set<String> STRING_FIELDS = Set.of(
            "user.id",
            "user.email",
            "user.department",
            "device.id",
            "request.ip",
            "request.method",
            "request.path",
            "request.resourceId");

    private ConditionOperands() {}

    /** A string the condition reads: a declared field, or the element of {@code user.groups} a macro is at. */
    interface StringField {
        String get(ConditionInput input, String element);
    }

    static String stringConstant(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                        && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
                ? expr.constant().stringValue()
                : null;
    }

    static StringField stringField(Context ast, CelExpr expr) {
        if (ast.loopVariable() != null
                && expr.getKind() == CelExpr.ExprKind.Kind.IDENT
                && expr.ident().name().equals(ast.loopVariable())
                && ast.getReference(expr.id())
                        .map(reference -> reference.name().equals(ast.loopVariable()))
                        .orElse(true)) {
            return (input, element) -> element;
        }
        String name = variable(ast, expr);
        if (name == null || !STRING_FIELDS.contains(name)) {
            return null;
        }
        return switch (name) {
            case "user.id" -> (input, element) -> input.userId();
            case "user.email" -> (input, element) -> input.userEmail();
            case "user.department" -> (input, element) -> input.userDepartment();
            case "device.id" -> (input, element) -> input.deviceId();
            case "request.ip" -> (input, element) -> input.ip();
            case "request.method" -> (input, element) -> input.method();
            case "request.path" -> (input, element) -> input.path();
            default -> (input, element) -> input.resourceId();
        };
    }

    /** The declared variable {@code expr} names ({@code user.department}), or null. */
    static String variable(Context ast, CelExpr expr) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.IDENT && expr.getKind() != CelExpr.ExprKind.Kind.SELECT) {
            return null;
        }
        Optional<CelReference> reference = ast.getReference(expr.id());
        if (reference.isEmpty() || reference.get().value().isPresent()) {
            return null;
        }
        String name = reference.get().name();
        return Conditions.VARIABLES.containsKey(name) ? name : null;
    }
}
