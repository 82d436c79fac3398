package dev.ipfence.core.policy;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The IP functions of the condition language, {@code inCidr}, {@code isIp} and {@code isCidr}:
 * their declarations for the compiler and their bindings for the runtime, read with the strict
 * address parser of the access model.
 */
final class ConditionIpFunctions {

    static final String IN_CIDR = "inCidr";

    /** Networks named in conditions, parsed once; bounded, as conditions are. */
    private static final Map<String, IpBlock> NETWORKS = new ConcurrentHashMap<>();

    private static final int MAX_NETWORKS = 100_000;

    private ConditionIpFunctions() {}

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration(
                        IN_CIDR,
                        CelOverloadDecl.newGlobalOverload(
                                "inCidr_string_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload(
                                "string_inCidr_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration(
                        "isIp", CelOverloadDecl.newGlobalOverload("isIp_string", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration(
                        "isCidr",
                        CelOverloadDecl.newGlobalOverload("isCidr_string", SimpleType.BOOL, SimpleType.STRING)));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from(
                        "inCidr_string_string", String.class, String.class, ConditionIpFunctions::inCidr),
                CelFunctionBinding.from(
                        "string_inCidr_string", String.class, String.class, ConditionIpFunctions::inCidr),
                CelFunctionBinding.from("isIp_string", String.class, ConditionIpFunctions::isIp),
                CelFunctionBinding.from("isCidr_string", String.class, ConditionIpFunctions::isCidr));
    }

    static boolean inCidr(String address, String network) throws CelEvaluationException {
        try {
            return network(network).contains(Addresses.parseAddress(address));
        } catch (AddressException e) {
            throw new CelEvaluationException("inCidr: " + e.getMessage());
        }
    }

    private static IpBlock network(String text) {
        IpBlock cached = NETWORKS.get(text);
        if (cached != null) {
            return cached;
        }
        IpBlock parsed = Addresses.parseNetwork(text);
        if (NETWORKS.size() < MAX_NETWORKS) {
            NETWORKS.put(text, parsed);
        }
        return parsed;
    }

    static boolean isIp(String text) {
        try {
            Addresses.parseAddress(text);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    static boolean isCidr(String text) {
        try {
            Addresses.parseNetwork(text);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }
}
