package dev.ipfence.core.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

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

    private static final Set<String> STRING_FIELDS = Set.of(
            "user.id",
            "user.email",
            "user.department",
            "device.id",
            "request.ip",
            "request.method",
            "request.path",
            "request.resourceId");

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
            return attributeTest(ast, expr);
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
            case "_&&_" -> and(ast, args);
            case "_||_" -> or(ast, args);
            case "!_" -> not(ast, args);
            case "_==_" -> orElse(equality(ast, args, true), attributeComparison(ast, args, call.function()));
            case "_!=_" -> orElse(equality(ast, args, false), attributeComparison(ast, args, call.function()));
            case "_<_", "_<=_", "_>_", "_>=_" -> attributeComparison(ast, args, call.function());
            case "@in" -> in(ast, args);
            case "startsWith" -> stringTest(ast, args, String::startsWith);
            case "endsWith" -> stringTest(ast, args, String::endsWith);
            case "contains" -> stringTest(ast, args, String::contains);
            case ConditionIpFunctions.IN_CIDR -> inCidr(ast, args);
            default -> null;
        };
    }

    private static Node and(Context ast, List<CelExpr> args) {
        Node left = args.size() == 2 ? node(ast, args.get(0)) : null;
        Node right = left == null ? null : node(ast, args.get(1));
        if (right == null) {
            return null;
        }
        return (input, element) -> {
            int l = left.test(input, element);
            if (l == FALSE) {
                // CEL short-circuits from the left too
                return FALSE;
            }
            int r = right.test(input, element);
            return l == UNKNOWN || r == UNKNOWN ? UNKNOWN : l & r;
        };
    }

    private static Node or(Context ast, List<CelExpr> args) {
        Node left = args.size() == 2 ? node(ast, args.get(0)) : null;
        Node right = left == null ? null : node(ast, args.get(1));
        if (right == null) {
            return null;
        }
        return (input, element) -> {
            int l = left.test(input, element);
            if (l == TRUE) {
                return TRUE;
            }
            int r = right.test(input, element);
            return l == UNKNOWN || r == UNKNOWN ? UNKNOWN : l | r;
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

    private static Node equality(Context ast, List<CelExpr> args, boolean equal) {
        if (args.size() != 2) {
            return null;
        }
        StringField field = stringField(ast, args.get(0));
        String constant = stringConstant(args.get(1));
        if (field == null || constant == null) {
            field = stringField(ast, args.get(1));
            constant = stringConstant(args.get(0));
        }
        if (field == null || constant == null) {
            return null;
        }
        StringField f = field;
        String c = constant;
        return (input, element) -> c.equals(f.get(input, element)) == equal ? TRUE : FALSE;
    }

    private static Node in(Context ast, List<CelExpr> args) {
        if (args.size() != 2) {
            return null;
        }
        CelExpr member = args.get(0);
        CelExpr list = args.get(1);
        String constant = stringConstant(member);
        if (constant != null && "user.groups".equals(variable(ast, list))) {
            return (input, element) -> input.userGroups().contains(constant) ? TRUE : FALSE;
        }
        StringField field = stringField(ast, member);
        if (field == null
                || list.getKind() != CelExpr.ExprKind.Kind.LIST
                || !list.list().optionalIndices().isEmpty()) {
            return null;
        }
        List<String> constants = new ArrayList<>();
        for (CelExpr e : list.list().elements()) {
            String c = stringConstant(e);
            if (c == null) {
                return null;
            }
            constants.add(c);
        }
        Set<String> set = Set.copyOf(constants);
        return (input, element) -> set.contains(field.get(input, element)) ? TRUE : FALSE;
    }

    /** A string the condition reads: a declared field, or the element of {@code user.groups} a macro is at. */
    private interface StringField {
        String get(ConditionInput input, String element);
    }

    /** The condition being compiled, and the variable of the macro around the part being compiled. */
    private record Context(CelAbstractSyntaxTree tree, String loopVariable, int[] comprehensions) {

        Optional<CelReference> getReference(long id) {
            return tree.getReference(id);
        }

        Context in(String variable) {
            return new Context(tree, variable, comprehensions);
        }
    }

    private interface StringTest {
        boolean test(String value, String constant);
    }

    private static Node stringTest(Context ast, List<CelExpr> args, StringTest test) {
        if (args.size() != 2) {
            return null;
        }
        StringField field = stringField(ast, args.get(0));
        String constant = stringConstant(args.get(1));
        if (field == null || constant == null) {
            return null;
        }
        return (input, element) -> test.test(field.get(input, element), constant) ? TRUE : FALSE;
    }

    private static Node inCidr(Context ast, List<CelExpr> args) {
        if (args.size() != 2 || !"request.ip".equals(variable(ast, args.get(0)))) {
            return null;
        }
        String text = stringConstant(args.get(1));
        if (text == null) {
            return null;
        }
        IpBlock network;
        try {
            network = Addresses.parseNetwork(text);
        } catch (AddressException e) {
            return null;
        }
        return (input, element) -> {
            IpAddress address;
            try {
                address = Addresses.parseAddress(input.ip());
            } catch (AddressException e) {
                return UNKNOWN;
            }
            return network.contains(address) ? TRUE : FALSE;
        };
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
                || !"user.groups".equals(variable(ast, loop.iterRange()))
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

    /** {@code has(user.attributes.key)}, or a bool attribute on its own ({@code device.attributes.managed}). */
    private static Node attributeTest(Context ast, CelExpr expr) {
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
    private static Node attributeComparison(Context ast, List<CelExpr> args, String function) {
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
        String name = variable(ast, expr);
        if ("user.attributes".equals(name)) {
            return ConditionInput::userAttributes;
        }
        if ("device.attributes".equals(name)) {
            return ConditionInput::deviceAttributes;
        }
        return null;
    }

    private static String stringConstant(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                        && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
                ? expr.constant().stringValue()
                : null;
    }

    private static StringField stringField(Context ast, CelExpr expr) {
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
    private static String variable(Context ast, CelExpr expr) {
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
