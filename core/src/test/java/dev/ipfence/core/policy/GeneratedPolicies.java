package dev.ipfence.core.policy;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Policies, groups, admission rules and requests drawn from small pools, so that generated
 * requests meet generated policies often and every check, effect and reason comes up.
 */
public final class GeneratedPolicies {

    /** A Monday noon; requests fall in the week after it. */
    public static final Instant WEEK = Instant.parse("2026-06-15T12:00:00Z");

    static final List<String> RESOURCES = List.of("r1", "r2", "r3");
    static final List<String> USERS = List.of("u1", "u2", "u3");
    static final List<String> IDP_GROUPS = List.of("eng", "ops", "sales");
    static final List<String> DEVICES = List.of("d1", "d2");
    static final List<String> GATEWAYS = List.of("g1", "g2");
    static final List<String> SOURCES =
            List.of("10.0.0.0/8", "192.0.2.0/24", "198.51.100.1-198.51.100.50", "2001:db8::/32", "203.0.113.9");
    static final List<String> CLIENTS =
            List.of("10.1.2.3", "192.0.2.7", "198.51.100.20", "198.51.100.99", "203.0.113.9", "2001:db8::5");
    static final List<String> CONDITIONS = List.of(
            "true",
            "false",
            "user.department == 'engineering'",
            "user.attributes.level > 2",
            "request.ip.inCidr('10.0.0.0/8')",
            "'ops' in user.groups",
            "device.attributes.managed == true",
            "request.time.getHours() < 15",
            "size(user.groups) > 1 || request.resourceId == 'r2'");
    static final List<String> ZONES = List.of("UTC", "Asia/Tokyo", "America/New_York", "Europe/Berlin");

    private GeneratedPolicies() {}

    public static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    public static PolicyGroupState group(Random random, UUID orgId, UUID id) {
        return new PolicyGroupState(
                id,
                orgId,
                "group",
                "",
                random.nextInt(10),
                random.nextInt(5) == 0,
                subset(random, IDP_GROUPS, 2),
                Policies.AT,
                Policies.AT,
                "tester",
                "tester",
                1);
    }

    public static AdmissionRuleState admissionRule(Random random, UUID orgId, UUID id) {
        TimeWindow window = random.nextInt(3) == 0 ? window(random) : null;
        return new AdmissionRuleState(
                id,
                orgId,
                "rule",
                pick(random, List.of("ALLOW", "DENY", "CUSTOM")),
                pick(random, CONDITIONS),
                window != null,
                window,
                Policies.AT,
                Policies.AT,
                "tester",
                "tester",
                1);
    }

    static TimeWindow window(Random random) {
        List<String> days = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (random.nextInt(3) > 0) {
                days.add(day.name());
            }
        }
        if (days.isEmpty()) {
            days.add("MONDAY");
        }
        int start = random.nextInt(24);
        int end = (start + 1 + random.nextInt(23)) % 24;
        return new TimeWindow(
                days, String.format("%02d:00", start), String.format("%02d:30", end), pick(random, ZONES));
    }

    /** A policy naming some of {@code groups} and {@code rules}, and now and then one that does not exist. */
    public static PolicyState policy(Random random, UUID orgId, UUID id, List<UUID> groups, List<UUID> rules) {
        return policy(random, orgId, id, groups, rules, 1);
    }

    /** {@link #policy} naming up to {@code maxUsers} users. */
    public static PolicyState policy(
            Random random, UUID orgId, UUID id, List<UUID> groups, List<UUID> rules, int maxUsers) {
        List<UUID> named = new ArrayList<>(subset(random, groups, 2));
        if (random.nextInt(25) == 0) {
            named.add(uuid(random));
        }
        boolean allResources = random.nextInt(4) == 0;
        List<String> gateways = random.nextBoolean() ? List.of() : subset(random, GATEWAYS, 1);
        List<String> sources = random.nextBoolean() ? List.of() : subset(random, SOURCES, 2);
        List<String> modes = new ArrayList<>(List.of("REMOTE"));
        if (gateways.isEmpty()) {
            modes.add("LOCAL");
        }
        if (!gateways.isEmpty() && !sources.isEmpty()) {
            modes.add("RESTRICTED");
        }
        String mode = random.nextBoolean() ? null : pick(random, modes);
        UUID rule = random.nextInt(3) == 0 || rules.isEmpty()
                ? null
                : random.nextInt(20) == 0 ? uuid(random) : pick(random, rules);
        return new PolicyState(
                id,
                orgId,
                "policy",
                "",
                named,
                subset(random, USERS, maxUsers),
                subset(random, DEVICES, 1),
                allResources ? List.of() : subset(random, RESOURCES, 2),
                gateways,
                random.nextInt(6) == 0,
                random.nextInt(6) == 0,
                random.nextInt(8) == 0,
                allResources,
                sources,
                random.nextInt(4) == 0 ? pick(random, ResourceRef.TYPES) : "PRIVATE",
                mode,
                random.nextInt(3) > 0,
                rule,
                Policies.AT,
                Policies.AT,
                "tester",
                "tester",
                1);
    }

    /** A request with an identity; {@code groups} may be named by id as an IdP group. */
    public static IdentityRequest identityRequest(Random random, List<UUID> groups) {
        Identity.User user = null;
        if (random.nextInt(8) > 0) {
            List<String> names = new ArrayList<>(subset(random, IDP_GROUPS, 1));
            if (!groups.isEmpty() && random.nextInt(6) == 0) {
                names.add(pick(random, groups).toString());
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                attributes.put("level", (long) random.nextInt(5));
            }
            user = new Identity.User(
                    random.nextInt(6) == 0 ? "" : pick(random, USERS),
                    "someone@example.com",
                    names,
                    random.nextBoolean() ? "engineering" : "sales",
                    attributes);
        }
        Identity.Device device = null;
        if (random.nextInt(3) > 0) {
            device = new Identity.Device(
                    random.nextInt(5) == 0 ? "" : pick(random, DEVICES),
                    random.nextBoolean() ? Map.of("managed", random.nextBoolean()) : Map.of());
        }
        ResourceRef resource = random.nextInt(10) == 0
                ? null
                : new ResourceRef(
                        random.nextInt(8) == 0 ? "r9" : pick(random, RESOURCES),
                        random.nextInt(4) == 0 ? pick(random, ResourceRef.TYPES) : null);
        String gateway = random.nextBoolean() ? null : pick(random, GATEWAYS);
        return new IdentityRequest(new Identity(user, device), resource, gateway, "GET", "/");
    }

    public static String client(Random random) {
        return pick(random, CLIENTS);
    }

    public static Instant time(Random random) {
        return WEEK.plusSeconds(random.nextInt(7 * 24 * 3600));
    }

    public static PolicyRequest request(Random random, List<UUID> groups) {
        return identityRequest(random, groups).at(Addresses.parseAddress(client(random)), time(random));
    }

    static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** Up to {@code max} distinct elements, often none. */
    static <T> List<T> subset(Random random, List<T> from, int max) {
        List<T> chosen = new ArrayList<>();
        int n = random.nextInt(max + 2) - 1;
        for (int i = 0; i < n && !from.isEmpty(); i++) {
            T next = pick(random, from);
            if (!chosen.contains(next)) {
                chosen.add(next);
            }
        }
        return chosen;
    }

    /**
     * The effect-table cell and the checks a considered policy reached: "ALLOW/true",
     * "CUSTOM/outside time window", "none", "missing group", "mismatch subject", ...
     */
    public static String cell(PolicyModel.Considered considered, PolicySet set) {
        String why = considered.why();
        if (why.startsWith("missing group")) {
            return "missing group";
        }
        if (why.startsWith("missing admission rule")) {
            return "missing admission rule";
        }
        if (!considered.matched()) {
            return "mismatch " + why;
        }
        if (considered.admissionRuleId() == null) {
            return "none";
        }
        String type = set.admissionRules().stream()
                .filter(rule -> rule.id().equals(considered.admissionRuleId()))
                .findFirst()
                .orElseThrow()
                .type();
        String outcome = why.startsWith("condition failed") ? "condition failed" : why;
        return type + "/" + outcome;
    }

    /** Every cell {@link #cell} can name. */
    public static List<String> allCells() {
        List<String> cells = new ArrayList<>(List.of(
                "none",
                "missing group",
                "missing admission rule",
                "mismatch subject",
                "mismatch type",
                "mismatch gateway",
                "mismatch sourceIps",
                "mismatch mode"));
        for (String type : List.of("ALLOW", "DENY", "CUSTOM")) {
            for (String outcome :
                    List.of("outside time window", "condition true", "condition false", "condition failed")) {
                cells.add(type + "/" + outcome);
            }
        }
        return cells;
    }
}
