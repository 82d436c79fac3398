package dev.ipfence.core.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The condition language of admission rules: CEL with the variables and IP functions of
 * docs/access-model.md ("Identity-aware access"), and the limits that keep one condition from
 * costing a decision more than a bounded amount. {@link #check} says what is wrong with a text;
 * {@link #compile} makes the program enforcement evaluates.
 */
public final class Conditions {

    /** Longest condition text, in code points. */
    public static final int MAX_LENGTH = 4_096;
    /** Most nodes of a condition's syntax tree. */
    public static final int MAX_NODES = 500;
    /** Most iterations of one comprehension ({@code all}, {@code exists}, {@code map}, ...) at evaluation. */
    public static final int MAX_ITERATIONS = 1_000;

    /** Each declared variable and its type; a qualified name, so that {@code user.departmnt} does not compile. */
    static final Map<String, CelType> VARIABLES = variables();

    private static final CelOptions OPTIONS = CelOptions.current()
            .maxExpressionCodePointSize(MAX_LENGTH)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .build();
    private static final CelCompiler COMPILER = compiler();
    private static final CelRuntime RUNTIME = runtime();

    private Conditions() {}

    /** What is wrong with {@code expression}; empty when it compiles to a usable condition. */
    public static List<ConditionProblem> check(String expression) {
        List<ConditionProblem> problems = new ArrayList<>();
        checked(expression, problems);
        return problems;
    }

    /** The program of a condition that {@link #check} accepts; otherwise an {@link InvalidCondition}. */
    public static Condition compile(String expression) {
        List<ConditionProblem> problems = new ArrayList<>();
        CelAbstractSyntaxTree ast = checked(expression, problems);
        if (ast == null) {
            throw new InvalidCondition(problems);
        }
        try {
            return new Condition(
                    expression,
                    RUNTIME.createProgram(ast),
                    StringConditions.compile(ast).orElse(null));
        } catch (CelEvaluationException e) {
            throw new InvalidCondition(List.of(new ConditionProblem(e.getMessage(), 0, 0)));
        }
    }

    private static CelAbstractSyntaxTree checked(String expression, List<ConditionProblem> problems) {
        if (expression == null || expression.isBlank()) {
            problems.add(new ConditionProblem("the condition is empty", 0, 0));
            return null;
        }
        if (expression.codePointCount(0, expression.length()) > MAX_LENGTH) {
            problems.add(new ConditionProblem("the condition is longer than " + MAX_LENGTH + " characters", 0, 0));
            return null;
        }
        CelValidationResult result = COMPILER.compile(expression);
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                CelSourceLocation at = issue.getSourceLocation();
                // CEL counts columns from 0
                problems.add(new ConditionProblem(
                        explained(issue.getMessage(), expression, at), at.getLine(), at.getColumn() + 1));
            }
            return null;
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            problems.add(new ConditionProblem(e.getMessage(), 0, 0));
            return null;
        }
        CelNavigableAst navigable = CelNavigableAst.fromAst(ast);
        long nodes = navigable.getRoot().allNodes().count();
        if (nodes > MAX_NODES) {
            problems.add(new ConditionProblem(
                    "the condition has " + nodes + " syntax nodes, more than " + MAX_NODES + ": split it", 0, 0));
        }
        navigable.getRoot().allNodes().forEach(node -> checkNetworkConstant(ast, node, problems));
        return problems.isEmpty() ? ast : null;
    }

    /** CEL names only the first part of an undeclared {@code user.departmnt}: name it all, and what exists. */
    private static String explained(String message, String expression, CelSourceLocation at) {
        if (!message.startsWith("undeclared reference")) {
            return message;
        }
        String[] lines = expression.split("\n", -1);
        if (at.getLine() < 1 || at.getLine() > lines.length) {
            return message;
        }
        String line = lines[at.getLine() - 1];
        int end = Math.max(0, at.getColumn());
        while (end < line.length()
                && (Character.isLetterOrDigit(line.charAt(end)) || "_.".indexOf(line.charAt(end)) >= 0)) {
            end++;
        }
        String name = line.substring(Math.max(0, at.getColumn()), end);
        return "undeclared reference to '" + name + "': the variables are " + String.join(", ", VARIABLES.keySet());
    }

    /** A constant network in {@code inCidr} must parse now, not fail every evaluation later. */
    private static void checkNetworkConstant(
            CelAbstractSyntaxTree ast, CelNavigableExpr node, List<ConditionProblem> problems) {
        CelExpr expr = node.expr();
        if (expr.getKind() != CelExpr.ExprKind.Kind.CALL
                || !ConditionIpFunctions.IN_CIDR.equals(expr.call().function())) {
            return;
        }
        List<CelExpr> args = expr.call().args();
        CelExpr network = args.get(args.size() - 1);
        if (network.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || network.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            return;
        }
        try {
            Addresses.parseNetwork(network.constant().stringValue());
        } catch (AddressException e) {
            CelSourceLocation at = location(ast, network);
            problems.add(new ConditionProblem("inCidr: " + e.getMessage(), at.getLine(), at.getColumn() + 1));
        }
    }

    private static CelSourceLocation location(CelAbstractSyntaxTree ast, CelExpr expr) {
        Integer offset = ast.getSource().getPositionsMap().get(expr.id());
        return offset == null
                ? CelSourceLocation.of(0, -1)
                : ast.getSource().getOffsetLocation(offset).orElse(CelSourceLocation.of(0, -1));
    }

    private static Map<String, CelType> variables() {
        MapType attributes = MapType.create(SimpleType.STRING, SimpleType.DYN);
        Map<String, CelType> variables = new LinkedHashMap<>();
        variables.put("user.id", SimpleType.STRING);
        variables.put("user.email", SimpleType.STRING);
        variables.put("user.department", SimpleType.STRING);
        variables.put("user.groups", ListType.create(SimpleType.STRING));
        variables.put("user.attributes", attributes);
        variables.put("device.id", SimpleType.STRING);
        variables.put("device.attributes", attributes);
        variables.put("request.ip", SimpleType.STRING);
        variables.put("request.method", SimpleType.STRING);
        variables.put("request.path", SimpleType.STRING);
        variables.put("request.resourceId", SimpleType.STRING);
        variables.put("request.time", SimpleType.TIMESTAMP);
        return java.util.Collections.unmodifiableMap(variables);
    }

    private static CelCompiler compiler() {
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setResultType(SimpleType.BOOL)
                .addFunctionDeclarations(ConditionIpFunctions.declarations());
        VARIABLES.forEach(builder::addVar);
        return builder.build();
    }

    private static CelRuntime runtime() {
        return CelRuntimeFactory.standardCelRuntimeBuilder()
                .setOptions(OPTIONS)
                .addFunctionBindings(ConditionIpFunctions.bindings())
                .build();
    }

    /** A condition that does not compile, with every problem found. */
    public static final class InvalidCondition extends IllegalArgumentException {
        private final transient List<ConditionProblem> problems;

        InvalidCondition(List<ConditionProblem> problems) {
            super(problems.toString());
            this.problems = List.copyOf(problems);
        }

        public List<ConditionProblem> problems() {
            return problems;
        }
    }
}
