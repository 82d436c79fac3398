package dev.ipfence.core.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conditions that only compare the declared string fields and attributes with constants,
 * evaluated without the CEL interpreter: {@code ==} and {@code !=}, {@code in} a list of strings,
 * {@code x in user.groups}, {@code startsWith}, {@code endsWith}, {@code contains}, {@code inCidr}
 * of {@code request.ip} in a constant network, {@code has()} of an attribute, an attribute compared
 * with a constant of its type ({@code user.attributes.level >= 3}, {@code
 * device.attributes.managed == true}), joined by {@code &&}, {@code ||} and {@code !}, and one
 * {@code user.groups.exists(g, ...)} or {@code user.groups.all(g, ...)} of such parts. None of the
 * string parts can fail on a {@link ConditionInput} (every field is present, every constant has its
 * type), so the result is CEL's. A part whose value CEL could compute differently or fail on (a
 * client address that does not parse, a missing attribute, an attribute of another type) answers
 * {@link #UNKNOWN}, and so does every {@code &&}, {@code ||} and {@code !} above it unless its
 * left side already decides it (CEL short-circuits from the left; its handling of errors and of
 * other types on either side is its own): the caller then evaluates the whole condition with CEL.
 */
final class StringConditions {

    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int UNKNOWN = -1;

    /** A compiled part: {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} for an input. */
    interface Node {
        int test(ConditionInput input, String element);
    }

    private StringConditions() {}

    /** The condition {@code ast} compiled without the interpreter, or empty when it uses more than the above. */
    static Optional<Node> compile(CelAbstractSyntaxTree ast) {
        return Optional.ofNullable(node(new Context(ast, null, new int[1]), ast.getExpr()));
    }

    private static Node node(Context ast, CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE) {
            int value = expr.constant().booleanValue() ? TRUE : FALSE;
            return (input, element) -> value;
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT) {
            return AttributeConditions.test(ast, expr);
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
            return groupsMacro(ast, expr.comprehension());
        }
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL) {
            return null;
        }
        CelExpr.CelCall call = expr.call();
        List<CelExpr> args = new ArrayList<>();
        call.target().ifPresent(args::add);
        args.addAll(call.args());
        return switch (call.function()) {
            case "_&&_" -> junction(ast, args, true);
            case "_||_" -> junction(ast, args, false);
            case "!_" -> not(ast, args);
            case "_==_" ->
                orElse(
                        FieldConditions.equality(ast, args, true),
                        AttributeConditions.comparison(ast, args, call.function()));
            case "_!=_" ->
                orElse(
                        FieldConditions.equality(ast, args, false),
                        AttributeConditions.comparison(ast, args, call.function()));
            case "_<_", "_<=_", "_>_", "_>=_" -> AttributeConditions.comparison(ast, args, call.function());
            case "@in" -> FieldConditions.in(ast, args);
            case "startsWith" -> FieldConditions.stringTest(ast, args, String::startsWith);
            case "endsWith" -> FieldConditions.stringTest(ast, args, String::endsWith);
            case "contains" -> FieldConditions.stringTest(ast, args, String::contains);
            case ConditionIpFunctions.IN_CIDR -> FieldConditions.inCidr(ast, args);
            default -> null;
        };
    }

    /**
     * {@code &&} ({@code and}) or {@code ||}: the left side's deciding value (FALSE for {@code &&},
     * TRUE for {@code ||}) answers at once, as CEL short-circuits from the left too.
     */
    private static Node junction(Context ast, List<CelExpr> args, boolean and) {
        Node left = args.size() == 2 ? node(ast, args.get(0)) : null;
        Node right = left == null ? null : node(ast, args.get(1));
        if (right == null) {
            return null;
        }
        int deciding = and ? FALSE : TRUE;
        return (input, element) -> {
            int l = left.test(input, element);
            if (l == deciding) {
                return deciding;
            }
            int r = right.test(input, element);
            return l == UNKNOWN || r == UNKNOWN ? UNKNOWN : and ? l & r : l | r;
        };
    }

    private static Node not(Context ast, List<CelExpr> args) {
        Node operand = args.size() == 1 ? node(ast, args.get(0)) : null;
        if (operand == null) {
            return null;
        }
        return (input, element) -> {
            int value = operand.test(input, element);
            return value == UNKNOWN ? UNKNOWN : 1 - value;
        };
    }

    /** The condition being compiled, and the variable of the macro around the part being compiled. */
    record Context(CelAbstractSyntaxTree tree, String loopVariable, int[] comprehensions) {

        Optional<CelReference> getReference(long id) {
            return tree.getReference(id);
        }

        Context in(String variable) {
            return new Context(tree, variable, comprehensions);
        }
    }

    /**
     * {@code user.groups.exists(g, ...)} or {@code user.groups.all(g, ...)}, once in a condition,
     * over fewer groups than the iteration limit; an element the body cannot decide gives {@link
     * #UNKNOWN} unless the answer came before it, as CEL stops there too.
     */
    private static Node groupsMacro(Context ast, CelExpr.CelComprehension loop) {
        if (ast.loopVariable() != null
                || ast.comprehensions()[0]++ > 0
                || !loop.iterVar2().isEmpty()
                || !"user.groups".equals(ConditionOperands.variable(ast, loop.iterRange()))
                || loop.accuInit().getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || loop.accuInit().constant().getKind() != CelConstant.Kind.BOOLEAN_VALUE
                || loop.loopStep().getKind() != CelExpr.ExprKind.Kind.CALL
                || !isAccumulator(loop.result(), loop.accuVar())) {
            return null;
        }
        boolean exists = !loop.accuInit().constant().booleanValue();
        CelExpr.CelCall step = loop.loopStep().call();
        if (!step.function().equals(exists ? "_||_" : "_&&_")
                || step.args().size() != 2
                || !isAccumulator(step.args().get(0), loop.accuVar())) {
            return null;
        }
        Node body = node(ast.in(loop.iterVar()), step.args().get(1));
        if (body == null) {
            return null;
        }
        int decisive = exists ? TRUE : FALSE;
        return (input, element) -> {
            List<String> groups = input.userGroups();
            if (groups.size() >= Conditions.MAX_ITERATIONS) {
                return UNKNOWN;
            }
            for (String group : groups) {
                int value = body.test(input, group);
                if (value != 1 - decisive) {
                    // the answer, or an element that needs the interpreter
                    return value;
                }
            }
            return 1 - decisive;
        };
    }

    private static boolean isAccumulator(CelExpr expr, String accumulator) {
        return expr.getKind() == CelExpr.ExprKind.Kind.IDENT
                && expr.ident().name().equals(accumulator);
    }

    private static Node orElse(Node node, Node other) {
        return node != null ? node : other;
    }
}
