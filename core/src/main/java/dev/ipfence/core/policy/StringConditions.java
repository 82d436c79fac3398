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
 * device.attributes.managed == true}), joined by {@code &&}, {@code ||} and {@code !}. None of the
 * string parts can fail on a {@link ConditionInput} (every field is present, every constant has its
 * type), so the result is CEL's. A part whose value CEL could compute differently or fail on (a
 * client address that does not parse, a missing attribute, an attribute of another type) answers
 * {@link #UNKNOWN}, and so does every {@code &&}, {@code ||} and {@code !} above it (CEL's
 * handling of errors and of other types there is its own): the caller then evaluates the whole
 * condition with CEL.
 */
final class StringConditions {

    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int UNKNOWN = -1;

    /** A compiled part: {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} for an input. */
    interface Node {
        int test(ConditionInput input);
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
        return Optional.ofNullable(node(ast, ast.getExpr()));
    }

    private static Node node(CelAbstractSyntaxTree ast, CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE) {
            int value = expr.constant().booleanValue() ? TRUE : FALSE;
            return input -> value;
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT) {
            return attributeTest(ast, expr);
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

    private static Node and(CelAbstractSyntaxTree ast, List<CelExpr> args) {
        Node left = args.size() == 2 ? node(ast, args.get(0)) : null;
        Node right = left == null ? null : node(ast, args.get(1));
        if (right == null) {
            return null;
        }
        return input -> {
            int l = left.test(input);
            int r = right.test(input);
            return l == UNKNOWN || r == UNKNOWN ? UNKNOWN : l & r;
        };
    }

    private static Node or(CelAbstractSyntaxTree ast, List<CelExpr> args) {
        Node left = args.size() == 2 ? node(ast, args.get(0)) : null;
        Node right = left == null ? null : node(ast, args.get(1));
        if (right == null) {
            return null;
        }
        return input -> {
            int l = left.test(input);
            int r = right.test(input);
            return l == UNKNOWN || r == UNKNOWN ? UNKNOWN : l | r;
        };
    }

    private static Node not(CelAbstractSyntaxTree ast, List<CelExpr> args) {
        Node operand = args.size() == 1 ? node(ast, args.get(0)) : null;
        if (operand == null) {
            return null;
        }
        return input -> {
            int value = operand.test(input);
            return value == UNKNOWN ? UNKNOWN : 1 - value;
        };
    }

    private static Node equality(CelAbstractSyntaxTree ast, List<CelExpr> args, boolean equal) {
        if (args.size() != 2) {
            return null;
        }
        Function<ConditionInput, String> field = stringField(ast, args.get(0));
        String constant = stringConstant(args.get(1));
        if (field == null || constant == null) {
            field = stringField(ast, args.get(1));
            constant = stringConstant(args.get(0));
        }
        if (field == null || constant == null) {
            return null;
        }
        Function<ConditionInput, String> f = field;
        String c = constant;
        return input -> c.equals(f.apply(input)) == equal ? TRUE : FALSE;
    }

    private static Node in(CelAbstractSyntaxTree ast, List<CelExpr> args) {
        if (args.size() != 2) {
            return null;
        }
        CelExpr element = args.get(0);
        CelExpr list = args.get(1);
        String constant = stringConstant(element);
        if (constant != null && "user.groups".equals(variable(ast, list))) {
            return input -> input.userGroups().contains(constant) ? TRUE : FALSE;
        }
        Function<ConditionInput, String> field = stringField(ast, element);
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
        return input -> set.contains(field.apply(input)) ? TRUE : FALSE;
    }

    private interface StringTest {
        boolean test(String value, String constant);
    }

    private static Node stringTest(CelAbstractSyntaxTree ast, List<CelExpr> args, StringTest test) {
        if (args.size() != 2) {
            return null;
        }
        Function<ConditionInput, String> field = stringField(ast, args.get(0));
        String constant = stringConstant(args.get(1));
        if (field == null || constant == null) {
            return null;
        }
        return input -> test.test(field.apply(input), constant) ? TRUE : FALSE;
    }

    private static Node inCidr(CelAbstractSyntaxTree ast, List<CelExpr> args) {
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
        return input -> {
            IpAddress address;
            try {
                address = Addresses.parseAddress(input.ip());
            } catch (AddressException e) {
                return UNKNOWN;
            }
            return network.contains(address) ? TRUE : FALSE;
        };
    }

    private static Node orElse(Node node, Node other) {
        return node != null ? node : other;
    }

    /** {@code has(user.attributes.key)}, or a bool attribute on its own ({@code device.attributes.managed}). */
    private static Node attributeTest(CelAbstractSyntaxTree ast, CelExpr expr) {
        Function<ConditionInput, Map<String, Object>> map =
                attributes(ast, expr.select().operand());
        if (map == null) {
            return null;
        }
        String key = expr.select().field();
        if (expr.select().testOnly()) {
            return input -> map.apply(input).containsKey(key) ? TRUE : FALSE;
        }
        return input -> map.apply(input).get(key) instanceof Boolean b ? (b ? TRUE : FALSE) : UNKNOWN;
    }

    /** An attribute compared with a constant: decided directly when the value has the constant's type. */
    private static Node attributeComparison(CelAbstractSyntaxTree ast, List<CelExpr> args, String function) {
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
                yield input -> map.apply(input).get(key) instanceof Long l
                        ? (holds.test(Long.compare(l, n)) ? TRUE : FALSE)
                        : UNKNOWN;
            }
            case BOOLEAN_VALUE -> {
                if (!equality) {
                    yield null;
                }
                boolean b = value.booleanValue();
                yield input -> map.apply(input).get(key) instanceof Boolean v
                        ? (holds.test(v == b ? 0 : 1) ? TRUE : FALSE)
                        : UNKNOWN;
            }
            case STRING_VALUE -> {
                if (!equality) {
                    yield null;
                }
                String t = value.stringValue();
                yield input -> map.apply(input).get(key) instanceof String v
                        ? (holds.test(v.equals(t) ? 0 : 1) ? TRUE : FALSE)
                        : UNKNOWN;
            }
            default -> null;
        };
    }

    private static Function<ConditionInput, Map<String, Object>> attributes(CelAbstractSyntaxTree ast, CelExpr expr) {
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

    private static Function<ConditionInput, String> stringField(CelAbstractSyntaxTree ast, CelExpr expr) {
        String name = variable(ast, expr);
        if (name == null || !STRING_FIELDS.contains(name)) {
            return null;
        }
        return switch (name) {
            case "user.id" -> ConditionInput::userId;
            case "user.email" -> ConditionInput::userEmail;
            case "user.department" -> ConditionInput::userDepartment;
            case "device.id" -> ConditionInput::deviceId;
            case "request.ip" -> ConditionInput::ip;
            case "request.method" -> ConditionInput::method;
            case "request.path" -> ConditionInput::path;
            default -> ConditionInput::resourceId;
        };
    }

    /** The declared variable {@code expr} names ({@code user.department}), or null. */
    private static String variable(CelAbstractSyntaxTree ast, CelExpr expr) {
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
