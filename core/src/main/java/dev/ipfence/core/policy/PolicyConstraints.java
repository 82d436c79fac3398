package dev.ipfence.core.policy;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.TextCharacters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The field rules of admission rules, policy groups and policies (docs/access-model.md,
 * "Identity-aware access"). rule-service refuses a request that breaks one; enforcement refuses a
 * record that does. Each check returns the problems, naming the field and the value.
 */
public final class PolicyConstraints {

    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_DESCRIPTION_LENGTH = 4096;
    /** Most entries of any list field ({@code users}, {@code idpMapping}, {@code sourceIps}, ...). */
    public static final int MAX_LIST_ENTRIES = 1000;
    /** Longest entry of a list field. */
    public static final int MAX_ENTRY_LENGTH = 256;

    public static final int MAX_DEVICES_LIMIT = 1000;

    /** What an admission rule's condition means for a policy that uses it. */
    public enum AdmissionRuleType {
        ALLOW,
        DENY,
        CUSTOM
    }

    /** The kind of resource a policy covers. */
    public enum PolicyType {
        PRIVATE,
        SAAS,
        INTERNET,
        SITETOSITE
    }

    /** How a request must arrive for a policy to match; none (null) = any way. */
    public enum PolicyMode {
        LOCAL,
        RESTRICTED,
        REMOTE
    }

    /** One refused value: the field (a JSON path) and why, naming the value. */
    public record Violation(String field, String message) {}

    private PolicyConstraints() {}

    /** Every problem of an admission rule, its condition included. */
    public static List<Violation> checkAdmissionRule(AdmissionRuleState rule) {
        List<Violation> problems = new ArrayList<>(checkName("name", rule.name()));
        checkEnum("type", rule.type(), AdmissionRuleType.class, true, problems);
        problems.addAll(checkCondition(rule.rule()));
        if (rule.hasTimeConstraint()) {
            for (String problem : TimeWindows.check(rule.timeWindow())) {
                int colon = problem.indexOf(": ");
                problems.add(
                        colon < 0
                                ? new Violation("timeWindow", problem)
                                : new Violation(problem.substring(0, colon), problem.substring(colon + 2)));
            }
        } else if (rule.timeWindow() != null) {
            problems.add(new Violation("timeWindow", "must be absent when hasTimeConstraint is false"));
        }
        return problems;
    }

    /** The problems of a CEL condition, with the compiler's line and column. */
    public static List<Violation> checkCondition(String condition) {
        if (condition == null || condition.isBlank()) {
            return List.of(new Violation("rule", "a CEL condition of type bool is required"));
        }
        return Conditions.check(condition).stream()
                .map(p -> new Violation(
                        "rule",
                        p.line() > 0 ? p.message() + " at line " + p.line() + ", column " + p.column() : p.message()))
                .toList();
    }

    public static List<Violation> checkGroup(PolicyGroupState group) {
        List<Violation> problems = new ArrayList<>(checkName("name", group.name()));
        problems.addAll(checkDescription(group.description()));
        if (group.maxDevices() < 0 || group.maxDevices() > MAX_DEVICES_LIMIT) {
            problems.add(new Violation(
                    "maxDevices", "must be from 0 to " + MAX_DEVICES_LIMIT + ", got " + group.maxDevices()));
        }
        problems.addAll(checkEntries("idpMapping", group.idpMapping()));
        return problems;
    }

    /**
     * Every problem of a policy but whether its groups and admission rule exist (that needs the
     * organization's records): names, lists, enums, source addresses and the mode rules.
     */
    public static List<Violation> checkPolicy(PolicyState policy) {
        List<Violation> problems = new ArrayList<>(checkName("name", policy.name()));
        problems.addAll(checkDescription(policy.description()));
        List<UUID> groups = policy.groups() == null ? List.of() : policy.groups();
        if (groups.size() > MAX_LIST_ENTRIES) {
            problems.add(tooMany("groups", groups.size()));
        }
        problems.addAll(checkEntries("users", policy.users()));
        problems.addAll(checkEntries("devices", policy.devices()));
        problems.addAll(checkEntries("resources", policy.resources()));
        problems.addAll(checkEntries("gateways", policy.gateways()));
        List<String> sources = policy.sourceIps() == null ? List.of() : policy.sourceIps();
        if (sources.size() > MAX_LIST_ENTRIES) {
            problems.add(tooMany("sourceIps", sources.size()));
        } else {
            for (int i = 0; i < sources.size(); i++) {
                try {
                    parseSource(sources.get(i));
                } catch (AddressException e) {
                    problems.add(new Violation("sourceIps[" + i + "]", e.getMessage()));
                }
            }
        }
        checkEnum("type", policy.type(), PolicyType.class, true, problems);
        checkEnum("mode", policy.mode(), PolicyMode.class, false, problems);
        problems.addAll(checkMode(policy.mode(), policy.gateways(), policy.sourceIps()));
        return problems;
    }

    /**
     * The mode rules: {@code RESTRICTED} needs {@code gateways} and {@code sourceIps}, a {@code
     * LOCAL} policy (no gateway) cannot name {@code gateways}.
     */
    public static List<Violation> checkMode(String mode, List<String> gateways, List<String> sourceIps) {
        boolean hasGateways = gateways != null && !gateways.isEmpty();
        boolean hasSources = sourceIps != null && !sourceIps.isEmpty();
        List<Violation> problems = new ArrayList<>();
        if (PolicyMode.RESTRICTED.name().equals(mode)) {
            if (!hasGateways) {
                problems.add(new Violation("gateways", "a RESTRICTED policy needs at least one gateway"));
            }
            if (!hasSources) {
                problems.add(new Violation("sourceIps", "a RESTRICTED policy needs at least one source address"));
            }
        } else if (PolicyMode.LOCAL.name().equals(mode) && hasGateways) {
            problems.add(new Violation(
                    "gateways",
                    "a LOCAL policy matches requests without a gateway: remove its " + gateways.size()
                            + " gateways, or choose mode REMOTE or RESTRICTED"));
        }
        return problems;
    }

    /**
     * A source of a policy: an address, a network ({@code 10.0.0.0/8}) or a range ({@code
     * 10.0.0.1-10.0.0.9}), parsed as strictly as rules; its canonical form is {@code toString()}.
     */
    public static IpBlock parseSource(String text) {
        if (text == null) {
            throw new AddressException("null is not an address, network or range");
        }
        int dash = text.indexOf('-');
        return dash < 0
                ? Addresses.parseNetwork(text)
                : Addresses.parseRange(text.substring(0, dash), text.substring(dash + 1));
    }

    public static List<Violation> checkName(String field, String name) {
        if (name == null || name.isBlank()) {
            return List.of(new Violation(field, "is required and cannot be blank"));
        }
        return checkText(field, name, MAX_NAME_LENGTH);
    }

    public static List<Violation> checkDescription(String description) {
        return description == null ? List.of() : checkText("description", description, MAX_DESCRIPTION_LENGTH);
    }

    /** At most {@link #MAX_LIST_ENTRIES} entries, each non-blank text of at most {@link #MAX_ENTRY_LENGTH}. */
    public static List<Violation> checkEntries(String field, List<String> entries) {
        if (entries == null) {
            return List.of();
        }
        if (entries.size() > MAX_LIST_ENTRIES) {
            return List.of(tooMany(field, entries.size()));
        }
        List<Violation> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String at = field + "[" + i + "]";
            if (entry == null || entry.isBlank()) {
                problems.add(new Violation(at, "cannot be null or blank"));
            } else {
                problems.addAll(checkText(at, entry, MAX_ENTRY_LENGTH));
            }
        }
        return problems;
    }

    private static List<Violation> checkText(String field, String text, int maxLength) {
        if (text.length() > maxLength) {
            return List.of(new Violation(field, "at most " + maxLength + " characters, got " + text.length()));
        }
        return TextCharacters.problem(text, field.equals("description"))
                .map(problem -> List.of(new Violation(field, problem)))
                .orElse(List.of());
    }

    private static Violation tooMany(String field, int size) {
        return new Violation(field, "at most " + MAX_LIST_ENTRIES + " entries, got " + size);
    }

    private static <E extends Enum<E>> void checkEnum(
            String field, String value, Class<E> type, boolean required, List<Violation> problems) {
        if (value == null) {
            if (required) {
                problems.add(new Violation(field, "is required: one of " + names(type)));
            }
            return;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return;
            }
        }
        problems.add(new Violation(field, "\"" + value + "\" is not one of " + names(type)));
    }

    private static String names(Class<? extends Enum<?>> type) {
        return String.join(
                ", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }
}
