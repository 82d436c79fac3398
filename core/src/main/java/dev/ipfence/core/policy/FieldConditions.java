package dev.ipfence.core.policy;

import static dev.ipfence.core.policy.ConditionOperands.stringConstant;
import static dev.ipfence.core.policy.ConditionOperands.stringField;
import static dev.ipfence.core.policy.ConditionOperands.variable;
import static dev.ipfence.core.policy.StringConditions.FALSE;
import static dev.ipfence.core.policy.StringConditions.TRUE;
import static dev.ipfence.core.policy.StringConditions.UNKNOWN;

import dev.cel.common.ast.CelExpr;
import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.policy.ConditionOperands.StringField;
import dev.ipfence.core.policy.StringConditions.Context;
import dev.ipfence.core.policy.StringConditions.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parts of a {@link StringConditions} condition that test a string field against constants:
 * {@code ==}, {@code !=}, {@code in}, {@code startsWith}, {@code endsWith}, {@code contains}, and
 * {@code inCidr} of {@code request.ip}. Every field is present and every constant a string, so CEL
 * cannot fail on them, except on a client address that does not parse ({@link
 * StringConditions#UNKNOWN}).
 */
final class FieldConditions {

    private FieldConditions() {}

    static Node equality(Context ast, List<CelExpr> args, boolean equal) {
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

    static Node in(Context ast, List<CelExpr> args) {
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

    interface StringTest {
        boolean test(String value, String constant);
    }

    static Node stringTest(Context ast, List<CelExpr> args, StringTest test) {
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

    static Node inCidr(Context ast, List<CelExpr> args) {
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
}
