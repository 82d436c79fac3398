package dev.ipfence.core.policy;

import static dev.ipfence.core.policy.Policies.admission;
import static dev.ipfence.core.policy.Policies.group;
import static dev.ipfence.core.policy.Policies.policy;
import static dev.ipfence.core.policy.Policies.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Decision.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every combination rule of docs/access-model.md, "Identity-aware access", on the reference. */
class PolicyModelTest {

    private static final String RESOURCE = "res-1";
    /** A Monday, 10:00 in UTC. */
    private static final Instant MONDAY_10 = Instant.parse("2026-06-15T10:00:00Z");

    private static final Decision IP_ALLOW = Decision.without(Action.ALLOW, Reason.NO_RULES);

    private final UUID org = UUID.randomUUID();
    private final List<PolicyState> policies = new ArrayList<>();
    private final List<PolicyGroupState> groups = new ArrayList<>();
    private final List<AdmissionRuleState> rules = new ArrayList<>();

    private Identity.User alice = user("alice", "engineering", List.of("eng"));
    private Identity.Device device = null;
    private String resource = RESOURCE;
    private String type = null;
    private String gateway = null;
    private String ip = "10.1.2.3";
    private Instant time = MONDAY_10;

    private Policies.PolicyBuilder add() {
        Policies.PolicyBuilder p = policy();
        p.orgId = org;
        p.resources.add(RESOURCE);
        return p;
    }

    private PolicyState put(Policies.PolicyBuilder p) {
        PolicyState state = p.build();
        policies.add(state);
        return state;
    }

    private UUID rule(String type, String condition, TimeWindow window) {
        UUID id = UUID.randomUUID();
        rules.add(admission(id, org, type, condition, window));
        return id;
    }

    private PolicySet set() {
        return new PolicySet(policies, groups, rules);
    }

    private PolicyRequest request() {
        return Policies.request(alice, device, resource, type, gateway, ip, time);
    }

    private Decision decide() {
        return PolicyModel.decide(IP_ALLOW, set(), request());
    }

    private Decision decideAndCompare() {
        Decision reference = decide();
        Decision compiled = CompiledPolicies.compile(set()).decide(request());
        assertThat(compiled == null ? IP_ALLOW : compiled)
                .as("compiled policies")
                .isEqualTo(reference);
        return reference;
    }

    private static Decision allowedBy(PolicyState policy) {
        return Decision.byPolicy(Action.ALLOW, Reason.POLICY_ALLOW, policy.id(), policy.rule());
    }

    private static Decision deniedBy(PolicyState policy) {
        return Decision.byPolicy(Action.DENY, Reason.POLICY_DENY, policy.id(), policy.rule());
    }

    private static TimeWindow window(String start, String end, String zone, String... days) {
        return new TimeWindow(List.of(days), start, end, zone);
    }

    // --- the effect table

    private enum Outcome {
        TRUE("true"),
        FALSE("false"),
        FAILED("user.attributes.missing == 1"),
        OUTSIDE_WINDOW("true");

        final String condition;

        Outcome(String condition) {
            this.condition = condition;
        }
    }

    /** What the doc's table says: the effect, or null when the policy does not apply. */
    private static Action table(String ruleType, Outcome outcome, Action action) {
        if (outcome == Outcome.OUTSIDE_WINDOW) {
            return null;
        }
        return switch (ruleType) {
            case "ALLOW" -> outcome == Outcome.TRUE ? action : outcome == Outcome.FALSE ? null : Action.DENY;
            case "DENY" -> outcome == Outcome.FALSE ? null : Action.DENY;
            default -> outcome == Outcome.TRUE ? action : Action.DENY;
        };
    }

    @Test
    void everyAdmissionRuleTypeAndOutcomeGivesTheEffectOfTheTable() {
        int cells = 0;
        for (String ruleType : List.of("ALLOW", "DENY", "CUSTOM")) {
            for (Outcome outcome : Outcome.values()) {
                for (boolean action : List.of(true, false)) {
                    policies.clear();
                    rules.clear();
                    TimeWindow window = outcome == Outcome.OUTSIDE_WINDOW
                            ? window("11:00", "12:00", "UTC", "MONDAY")
                            : window("09:00", "11:00", "UTC", "MONDAY");
                    Policies.PolicyBuilder p = add();
                    p.allUsers = true;
                    p.action = action;
                    p.rule = rule(ruleType, outcome.condition, window);
                    PolicyState policy = put(p);
                    Action effect = table(ruleType, outcome, action ? Action.ALLOW : Action.DENY);
                    Decision want = effect == null
                            ? CompiledPolicies.NO_POLICY
                            : effect == Action.ALLOW ? allowedBy(policy) : deniedBy(policy);
                    assertThat(decideAndCompare())
                            .as("%s rule, condition %s, action %s", ruleType, outcome, action)
                            .isEqualTo(want);
                    cells++;
                }
            }
        }
        assertThat(cells).isEqualTo(24);
    }

    @Test
    void aPolicyWithoutAdmissionRuleAppliesItsAction() {
        Policies.PolicyBuilder p = add();
        p.allUsers = true;
        p.action = false;
        PolicyState deny = put(p);
        assertThat(decideAndCompare()).isEqualTo(deniedBy(deny));
        assertThat(decideAndCompare().admissionRuleId()).isNull();
    }

    @Test
    void aFailingConditionNamesItsMessageInTheExplanation() {
        Policies.PolicyBuilder p = add();
        p.allUsers = true;
        p.rule = rule("ALLOW", "user.attributes.level > 3", null);
        put(p);
        PolicyModel.Considered considered =
                PolicyModel.evaluate(set(), request()).considered().get(0);
        assertThat(considered.applied()).isTrue();
        assertThat(considered.effect()).isEqualTo(Action.DENY);
        assertThat(considered.why()).startsWith("condition failed: ");
    }

    @Test
    void conditionsSeeTheUserDeviceAndRequest() {
        alice = new Identity.User("alice", "a@example.com", List.of("eng"), "engineering", Map.of("level", 5L));
        device = new Identity.Device("laptop-1", Map.of("managed", true));
        Policies.PolicyBuilder p = add();
        p.allUsers = true;
        p.rule = rule(
                "CUSTOM",
                "user.department == 'engineering' && user.attributes.level > 3 && device.attributes.managed"
                        + " && request.ip.inCidr('10.0.0.0/8') && request.resourceId == 'res-1'",
                null);
        PolicyState policy = put(p);
        assertThat(decideAndCompare()).isEqualTo(allowedBy(policy));
        alice = user("alice", "sales", List.of());
        assertThat(decideAndCompare()).isEqualTo(deniedBy(policy));
    }

    // --- matching

    @Test
    void theTypeMustEqualTheResourceTypeWhichIsPrivateByDefault() {
        Policies.PolicyBuilder p = add();
        p.allUsers = true;
        p.type = "SAAS";
        PolicyState saas = put(p);
        assertThat(decideAndCompare().reason()).isEqualTo(Reason.NO_POLICY);
        type = "SAAS";
        assertThat(decideAndCompare()).isEqualTo(allowedBy(saas));
        type = "PRIVATE";
        assertThat(decideAndCompare().reason()).isEqualTo(Reason.NO_POLICY);
        assertThat(PolicyModel.evaluate(set(), request()).considered().get(0).why())
                .isEqualTo("type");
    }

    @Test
    void everyResourceTypeMatchesOnlyItself() {
        for (String policyType : ResourceRef.TYPES) {
            policies.clear();
            Policies.PolicyBuilder p = add();
            p.allUsers = true;
            p.type = policyType;
            PolicyState policy = put(p);
            for (String requestType : ResourceRef.TYPES) {
                type = requestType;
                assertThat(decideAndCompare())
                        .as("%s policy, %s resource", policyType, requestType)
                        .isEqualTo(policyType.equals(requestType) ? allowedBy(policy) : CompiledPolicies.NO_POLICY);
            }
        }
    }

    @Test
    void modesLocalRemoteRestrictedAndNone() {
        for (String mode : new String[] {null, "LOCAL", "REMOTE", "RESTRICTED"}) {
            policies.clear();
            Policies.PolicyBuilder p = add();
            p.allUsers = true;
            p.mode = mode;
            if ("RESTRICTED".equals(mode)) {
                p.gateways.add("gw-1");
                p.sourceIps.add("10.0.0.0/8");
            }
            PolicyState policy = put(p);
            gateway = null;
            Decision local = decideAndCompare();
            gateway = "gw-1";
            Decision remote = decideAndCompare();
            ip = "192.0.2.1";
            Decision remoteOtherSource = decideAndCompare();
            ip = "10.1.2.3";
            gateway = "gw-2";
            Decision otherGateway = decideAndCompare();
            boolean none = mode == null;
            assertThat(local.reason())
                    .as("%s without a gateway", mode)
                    .isEqualTo(none || "LOCAL".equals(mode) ? Reason.POLICY_ALLOW : Reason.NO_POLICY);
            assertThat(remote)
                    .as("%s through gw-1", mode)
                    .isEqualTo("LOCAL".equals(mode) ? CompiledPolicies.NO_POLICY : allowedBy(policy));
            assertThat(remoteOtherSource.reason())
                    .as("%s through gw-1 from outside the sources", mode)
                    .isEqualTo(
                            "LOCAL".equals(mode) || "RESTRICTED".equals(mode) ? Reason.NO_POLICY : Reason.POLICY_ALLOW);
            assertThat(otherGateway.reason())
                    .as("%s through gw-2", mode)
                    .isEqualTo(none || "REMOTE".equals(mode) ? Reason.POLICY_ALLOW : Reason.NO_POLICY);
        }
    }

    @Test
    void gatewaysAndSourceIpsNarrowTheMatch() {
        Policies.PolicyBuilder p = add();
        p.allUsers = true;
        p.gateways.add("gw-1");
        p.sourceIps.addAll(List.of("10.0.0.0/8", "192.0.2.10-192.0.2.20", "2001:db8::1"));
        PolicyState policy = put(p);
        assertThat(decideAndCompare().reason()).isEqualTo(Reason.NO_POLICY);
        assertThat(PolicyModel.evaluate(set(), request()).considered().get(0).why())
                .isEqualTo("gateway");
        gateway = "gw-1";
        assertThat(decideAndCompare()).isEqualTo(allowedBy(policy));
        for (String inside : List.of("192.0.2.10", "192.0.2.20", "2001:db8::1", "::ffff:10.9.9.9")) {
            ip = inside;
            assertThat(decideAndCompare()).as(inside).isEqualTo(allowedBy(policy));
        }
        for (String outside : List.of("192.0.2.9", "192.0.2.21", "2001:db8::2", "11.0.0.1")) {
            ip = outside;
            assertThat(decideAndCompare().reason()).as(outside).isEqualTo(Reason.NO_POLICY);
            assertThat(PolicyModel.evaluate(set(), request())
                            .considered()
                            .get(0)
                            .why())
                    .isEqualTo("sourceIps");
        }
    }

    // --- subjects

    @Test
    void usersAndDevicesByIdAndAllUsersAndAllDevices() {
        Policies.PolicyBuilder p = add();
        p.users.add("bob");
        PolicyState byUser = put(p);
        assertThat(decideAndCompare().reason()).isEqualTo(Reason.NO_POLICY);
        alice = user("bob", "sales", List.of());
        assertThat(decideAndCompare()).isEqualTo(allowedBy(byUser));

        policies.clear();
        p = add();
        p.devices.add("laptop-1");
        PolicyState byDevice = put(p);
        assertThat(decideAndCompare().reason()).isEqualTo(Reason.NO_POLICY);
        device = new Identity.Device("laptop-1", null);
        assertThat(decideAndCompare()).isEqualTo(allowedBy(byDevice));

        policies.clear();
        p = add();
        p.allDevices = true;
        PolicyState allDevices = put(p);
        assertThat(decideAndCompare()).isEqualTo(allowedBy(allDevices));
        device = null;
        assertThat(decideAndCompare().reason()).isEqualTo(Reason.NO_POLICY);

        policies.clear();
        p = add();
        p.allUsers = true;
        PolicyState allUsers = put(p);
        assertThat(decideAndCompare()).isEqualTo(allowedBy(allUsers));
        // a request naming only a device names no user
        alice = null;
        device = new Identity.Device("laptop-9", null);
        assertThat(decideAndCompare().reason()).isEqualTo(Reason.NO_POLICY);
        assertThat(PolicyModel.evaluate(set(), request()).considered().get(0).why())
                .isEqualTo("subject");
    }

    @Test
    void groupsByIdpNameOrGroupIdAndTheSamlDefaultGroup() {
        UUID engineering = UUID.randomUUID();
        UUID everyone = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        groups.add(group(engineering, org, false, "eng", "engineering-all"));
        groups.add(group(everyone, org, true));
        groups.add(group(other, org, false, "sales"));
        Policies.PolicyBuilder p = add();
        p.groups.add(engineering);
        PolicyState forEngineering = put(p);
        p = add();
        p.groups.add(everyone);
        p.action = false;
        PolicyState forDefault = put(p);

        // alice is in "eng": a member of engineering, so not of the default group
        assertThat(decideAndCompare()).isEqualTo(allowedBy(forEngineering));
        // by the group's id
        alice = user("alice", "engineering", List.of(engineering.toString()));
        assertThat(decideAndCompare()).isEqualTo(allowedBy(forEngineering));
        // a member of no group: the SAML default group
        alice = user("carol", "engineering", List.of("unknown-idp-group"));
        assertThat(decideAndCompare()).isEqualTo(deniedBy(forDefault));
        // a member of another group only: neither policy
        alice = user("dave", "sales", List.of("sales"));
        assertThat(decideAndCompare()).isEqualTo(CompiledPolicies.NO_POLICY);
    }

    @Test
    void allGroupsNeedsMembershipOfOneGroup() {
        UUID engineering = UUID.randomUUID();
        groups.add(group(engineering, org, false, "eng"));
        Policies.PolicyBuilder p = add();
        p.allGroups = true;
        PolicyState policy = put(p);
        assertThat(decideAndCompare()).isEqualTo(allowedBy(policy));
        alice = user("erin", "sales", List.of("nobody"));
        assertThat(decideAndCompare()).isEqualTo(CompiledPolicies.NO_POLICY);
        // with a SAML default group, everyone is a member of some group
        groups.add(group(UUID.randomUUID(), org, true));
        assertThat(decideAndCompare()).isEqualTo(allowedBy(policy));
    }

    // --- combination

    @Test
    void denyOverridesAllowWhateverTheIds() {
        Policies.PolicyBuilder a = add();
        a.id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        a.allUsers = true;
        PolicyState allow = put(a);
        Policies.PolicyBuilder d = add();
        d.id = UUID.fromString("ffffffff-0000-0000-0000-000000000002");
        d.allUsers = true;
        d.action = false;
        PolicyState deny = put(d);
        assertThat(decideAndCompare()).isEqualTo(deniedBy(deny));
        assertThat(allow.id()).isNotEqualTo(deny.id());
    }

    @Test
    void amongSeveralTheFirstByIdDecides() {
        // text order: "0..." < "8..." < "f...", though UUID.compareTo (signed) orders f... and 8... first
        List<PolicyState> allows = new ArrayList<>();
        for (String id : List.of(
                "ffffffff-0000-0000-0000-000000000000",
                "80000000-0000-0000-0000-000000000000",
                "0fffffff-0000-0000-0000-000000000000")) {
            Policies.PolicyBuilder p = add();
            p.id = UUID.fromString(id);
            p.allUsers = true;
            allows.add(put(p));
        }
        assertThat(decideAndCompare()).isEqualTo(allowedBy(allows.get(2)));
        policies.clear();
        List<PolicyState> denies = new ArrayList<>();
        for (String id : List.of("c0000000-0000-0000-0000-000000000000", "30000000-0000-0000-0000-000000000000")) {
            Policies.PolicyBuilder p = add();
            p.id = UUID.fromString(id);
            p.allResources = true;
            p.resources.clear();
            p.allUsers = true;
            p.action = false;
            denies.add(put(p));
        }
        assertThat(decideAndCompare()).isEqualTo(deniedBy(denies.get(1)));
    }

    @Test
    void noPolicyWhenSomeCoverNoneAppliesAndTheIpDecisionWhenNoneCovers() {
        Policies.PolicyBuilder p = add();
        p.users.add("somebody-else");
        put(p);
        assertThat(decideAndCompare()).isEqualTo(CompiledPolicies.NO_POLICY);
        resource = "res-2";
        assertThat(decideAndCompare()).isEqualTo(IP_ALLOW);
        assertThat(PolicyModel.evaluate(set(), request()).decision()).isNull();
        assertThat(PolicyModel.evaluate(set(), request()).considered()).isEmpty();
        // allResources covers every resource, even a request without one
        p = add();
        p.resources.clear();
        p.allResources = true;
        p.allUsers = true;
        PolicyState everywhere = put(p);
        assertThat(decideAndCompare()).isEqualTo(allowedBy(everywhere));
        resource = null;
        assertThat(decideAndCompare()).isEqualTo(allowedBy(everywhere));
    }

    @Test
    void anIpDenyIsFinal() {
        Policies.PolicyBuilder p = add();
        p.allUsers = true;
        put(p);
        Decision ipDeny = Decision.without(Action.DENY, Reason.NOT_ALLOWLISTED);
        assertThat(PolicyModel.decide(ipDeny, set(), request())).isSameAs(ipDeny);
    }

    @Test
    void aPolicyNamingAGroupOrRuleNotHeldDeniesEveryRequestItCovers() {
        Policies.PolicyBuilder p = add();
        p.users.add("somebody-else");
        UUID missing = UUID.randomUUID();
        p.groups.add(missing);
        PolicyState byGroup = put(p);
        assertThat(decideAndCompare()).isEqualTo(deniedBy(byGroup));
        assertThat(PolicyModel.evaluate(set(), request()).considered().get(0).why())
                .isEqualTo("missing group " + missing);
        policies.clear();
        p = add();
        p.allUsers = true;
        p.rule = UUID.randomUUID();
        PolicyState byRule = put(p);
        assertThat(decideAndCompare()).isEqualTo(deniedBy(byRule));
        assertThat(decideAndCompare().admissionRuleId()).isEqualTo(p.rule);
        resource = "res-2";
        assertThat(decideAndCompare()).isEqualTo(IP_ALLOW);
    }

    // --- time windows

    @Test
    void timeWindowsAcrossATimeZoneBoundaryAndMidnight() {
        Policies.PolicyBuilder p = add();
        p.allUsers = true;
        // Tuesday 08:00-09:00 in Tokyo is Monday 23:00-24:00 UTC
        p.rule = rule("ALLOW", "true", window("08:00", "09:00", "Asia/Tokyo", "TUESDAY"));
        PolicyState tokyo = put(p);
        time = Instant.parse("2026-06-15T23:30:00Z");
        assertThat(decideAndCompare()).isEqualTo(allowedBy(tokyo));
        time = Instant.parse("2026-06-16T00:00:00Z");
        assertThat(decideAndCompare()).isEqualTo(CompiledPolicies.NO_POLICY);
        assertThat(PolicyModel.evaluate(set(), request()).considered().get(0).why())
                .isEqualTo("outside time window");

        policies.clear();
        p = add();
        p.allUsers = true;
        // Friday 22:00 to Saturday 06:00 in New York (UTC-4 in June)
        p.rule = rule("ALLOW", "true", window("22:00", "06:00", "America/New_York", "FRIDAY"));
        PolicyState night = put(p);
        time = Instant.parse("2026-06-20T02:00:00Z"); // Friday 22:00 local
        assertThat(decideAndCompare()).isEqualTo(allowedBy(night));
        time = Instant.parse("2026-06-20T09:59:00Z"); // Saturday 05:59 local
        assertThat(decideAndCompare()).isEqualTo(allowedBy(night));
        time = Instant.parse("2026-06-20T10:00:00Z"); // Saturday 06:00 local
        assertThat(decideAndCompare()).isEqualTo(CompiledPolicies.NO_POLICY);
        time = Instant.parse("2026-06-19T05:00:00Z"); // Friday 01:00 local: Thursday's night
        assertThat(decideAndCompare()).isEqualTo(CompiledPolicies.NO_POLICY);
    }

    @Test
    void requestTimeIsTheDecisionsClock() {
        Policies.PolicyBuilder p = add();
        p.allUsers = true;
        p.rule = rule("CUSTOM", "request.time < timestamp('2026-06-15T12:00:00Z')", null);
        PolicyState policy = put(p);
        assertThat(decideAndCompare()).isEqualTo(allowedBy(policy));
        time = Instant.parse("2026-06-15T12:00:00Z");
        assertThat(decideAndCompare()).isEqualTo(deniedBy(policy));
    }
}
