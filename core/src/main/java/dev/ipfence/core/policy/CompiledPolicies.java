package dev.ipfence.core.policy;

import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The policies of one organization compiled for decisions: conditions, windows and source networks
 * compiled once, policies indexed by resource id (and those for all resources), each list in id
 * order so that the first applying DENY ends the evaluation. Immutable and thread-safe; gives the
 * decision of {@link PolicyModel}, which the property tests check.
 */
public final class CompiledPolicies {

    public static final Decision NO_POLICY = Decision.byPolicy(Action.DENY, Decision.Reason.NO_POLICY, null, null);

    private static final Policy[] NONE = new Policy[0];

    public static final CompiledPolicies EMPTY = compile(PolicySet.EMPTY);

    private final PolicySet source;
    private final Map<String, Policy[]> byResource;
    private final Policy[] allResources;
    private final Map<String, int[]> groupsByName;
    private final int[] defaultGroups;
    private final int admissionCount;

    private CompiledPolicies(
            PolicySet source,
            Map<String, Policy[]> byResource,
            Policy[] allResources,
            Map<String, int[]> groupsByName,
            int[] defaultGroups,
            int admissionCount) {
        this.source = source;
        this.byResource = byResource;
        this.allResources = allResources;
        this.groupsByName = groupsByName;
        this.defaultGroups = defaultGroups;
        this.admissionCount = admissionCount;
    }

    /** The states compiled, for the reference and for explanations. */
    public PolicySet source() {
        return source;
    }

    public boolean isEmpty() {
        return source.policies().isEmpty();
    }

    /**
     * Compiles what {@code set} holds; an {@link IllegalArgumentException} if a condition, window or
     * source address does not compile (the event reader refuses such records before).
     */
    public static CompiledPolicies compile(PolicySet set) {
        Map<UUID, Integer> groupIndex = new HashMap<>();
        Map<String, List<Integer>> names = new HashMap<>();
        List<Integer> defaults = new ArrayList<>();
        for (PolicyGroupState group : set.groups()) {
            int index = groupIndex.size();
            groupIndex.put(group.id(), index);
            names.computeIfAbsent(group.id().toString(), k -> new ArrayList<>()).add(index);
            if (group.idpMapping() != null) {
                for (String name : new HashSet<>(group.idpMapping())) {
                    names.computeIfAbsent(name, k -> new ArrayList<>()).add(index);
                }
            }
            if (group.isSamlDefaultGroup()) {
                defaults.add(index);
            }
        }
        Map<String, int[]> groupsByName = new HashMap<>();
        names.forEach((name, indexes) -> groupsByName.put(
                name, indexes.stream().mapToInt(Integer::intValue).toArray()));
        Map<UUID, Admission> admissions = new HashMap<>();
        for (AdmissionRuleState rule : set.admissionRules()) {
            admissions.put(rule.id(), Admission.compile(rule, admissions.size()));
        }
        Map<String, List<Policy>> byResource = new HashMap<>();
        List<Policy> all = new ArrayList<>();
        for (PolicyState state : set.policies()) {
            Policy policy = Policy.compile(state, groupIndex, admissions);
            if (state.allResources()) {
                all.add(policy);
            } else {
                for (String resource : new HashSet<>(state.resources())) {
                    byResource.computeIfAbsent(resource, k -> new ArrayList<>()).add(policy);
                }
            }
        }
        Map<String, Policy[]> indexed = new HashMap<>();
        byResource.forEach((resource, policies) -> indexed.put(resource, sorted(policies)));
        return new CompiledPolicies(
                set,
                indexed,
                sorted(all),
                groupsByName,
                defaults.stream().mapToInt(Integer::intValue).toArray(),
                admissions.size());
    }

    private static Policy[] sorted(List<Policy> policies) {
        Policy[] array = policies.toArray(NONE);
        Arrays.sort(array, (a, b) -> a.order.compareTo(b.order));
        return array;
    }

    /** The policies' decision for {@code request}; null when no policy covers its resource. */
    public Decision decide(PolicyRequest request) {
        Policy[] specific = byResource.getOrDefault(request.resource().id(), NONE);
        Policy[] general = allResources;
        if (specific.length == 0 && general.length == 0) {
            return null;
        }
        Evaluation evaluation = new Evaluation(request);
        Decision allow = null;
        int i = 0;
        int j = 0;
        while (i < specific.length || j < general.length) {
            Policy policy;
            if (j >= general.length || (i < specific.length && specific[i].order.compareTo(general[j].order) < 0)) {
                policy = specific[i++];
            } else {
                policy = general[j++];
            }
            Action effect = policy.effect(evaluation);
            if (effect == Action.DENY) {
                return policy.denied;
            }
            if (effect == Action.ALLOW && allow == null) {
                allow = policy.allowed;
            }
        }
        return allow != null ? allow : NO_POLICY;
    }

    /** What one request computes at most once: the user's groups, the condition input, each condition's outcome. */
    private final class Evaluation {
        final PolicyRequest request;
        final Identity.User user;
        final boolean namesDevice;
        private BitSet members;
        private ConditionInput input;
        private Condition.Outcome[] outcomes;

        Evaluation(PolicyRequest request) {
            this.request = request;
            this.user = request.identity().user();
            this.namesDevice = request.identity().namesDevice();
        }

        BitSet members() {
            if (members == null) {
                members = new BitSet();
                if (user != null) {
                    for (String name : user.groups()) {
                        int[] groups = groupsByName.get(name);
                        if (groups != null) {
                            for (int g : groups) {
                                members.set(g);
                            }
                        }
                    }
                    if (members.isEmpty()) {
                        for (int g : defaultGroups) {
                            members.set(g);
                        }
                    }
                }
            }
            return members;
        }

        Condition.Outcome outcome(Admission admission) {
            if (outcomes == null) {
                outcomes = new Condition.Outcome[admissionCount];
                input = request.conditionInput();
            }
            Condition.Outcome outcome = outcomes[admission.index];
            if (outcome == null) {
                outcome = admission.condition.evaluate(input);
                outcomes[admission.index] = outcome;
            }
            return outcome;
        }
    }

    private enum Mode {
        ANY,
        LOCAL,
        REMOTE,
        RESTRICTED
    }

    private enum AdmissionType {
        ALLOW,
        DENY,
        CUSTOM
    }

    private record Admission(UUID id, AdmissionType type, Condition condition, TimeWindows.Compiled window, int index) {

        static Admission compile(AdmissionRuleState rule, int index) {
            return new Admission(
                    rule.id(),
                    AdmissionType.valueOf(rule.type()),
                    Conditions.compile(rule.rule()),
                    rule.hasTimeConstraint() ? TimeWindows.compile(rule.timeWindow()) : null,
                    index);
        }
    }

    private static final class Policy {
        final String order;
        final boolean dangling;
        final Action action;
        final String type;
        final Mode mode;
        final Set<String> gateways;
        final IpBlock[] sources;
        final Set<String> users;
        final Set<String> devices;
        final int[] groups;
        final boolean allUsers;
        final boolean allGroups;
        final boolean allDevices;
        final Admission admission;
        final Decision allowed;
        final Decision denied;

        private Policy(PolicyState state, Map<UUID, Integer> groupIndex, Map<UUID, Admission> admissions) {
            this.order = state.id().toString();
            int[] indexes = new int[state.groups().size()];
            boolean missing = false;
            for (int k = 0; k < indexes.length; k++) {
                Integer index = groupIndex.get(state.groups().get(k));
                missing |= index == null;
                indexes[k] = index == null ? -1 : index;
            }
            this.admission = state.rule() == null ? null : admissions.get(state.rule());
            this.dangling = missing || (state.rule() != null && admission == null);
            this.action = state.action() ? Action.ALLOW : Action.DENY;
            this.type = state.type();
            this.mode = state.mode() == null ? Mode.ANY : Mode.valueOf(state.mode());
            this.gateways = Set.copyOf(state.gateways());
            this.sources = state.sourceIps().stream().map(SourceIps::parse).toArray(IpBlock[]::new);
            this.users = Set.copyOf(state.users());
            this.devices = Set.copyOf(state.devices());
            this.groups = indexes;
            this.allUsers = state.allUsers();
            this.allGroups = state.allGroups();
            this.allDevices = state.allDevices();
            this.allowed = Decision.byPolicy(Action.ALLOW, Decision.Reason.POLICY_ALLOW, state.id(), state.rule());
            this.denied = Decision.byPolicy(Action.DENY, Decision.Reason.POLICY_DENY, state.id(), state.rule());
        }

        static Policy compile(PolicyState state, Map<UUID, Integer> groupIndex, Map<UUID, Admission> admissions) {
            return new Policy(state, groupIndex, admissions);
        }

        /** DENY, ALLOW, or null when the policy does not apply to the request. */
        Action effect(Evaluation evaluation) {
            if (dangling) {
                return Action.DENY;
            }
            if (!matches(evaluation)) {
                return null;
            }
            if (admission == null) {
                return action;
            }
            if (admission.window != null && !admission.window.contains(evaluation.request.time())) {
                return null;
            }
            return switch (evaluation.outcome(admission).value()) {
                case TRUE -> admission.type == AdmissionType.DENY ? Action.DENY : action;
                case FALSE -> admission.type == AdmissionType.CUSTOM ? Action.DENY : null;
                case FAILED -> Action.DENY;
            };
        }

        private boolean matches(Evaluation evaluation) {
            PolicyRequest request = evaluation.request;
            if (!type.equals(request.resource().type())) {
                return false;
            }
            String gateway = request.gateway();
            if (!gateways.isEmpty() && (gateway == null || !gateways.contains(gateway))) {
                return false;
            }
            if (sources.length > 0 && !fromSource(request)) {
                return false;
            }
            boolean modeHolds = switch (mode) {
                case ANY -> true;
                case LOCAL -> gateway == null;
                case REMOTE -> gateway != null;
                case RESTRICTED -> gateway != null && !gateways.isEmpty() && sources.length > 0;
            };
            return modeHolds && subject(evaluation);
        }

        private boolean fromSource(PolicyRequest request) {
            for (IpBlock source : sources) {
                if (source.contains(request.client())) {
                    return true;
                }
            }
            return false;
        }

        private boolean subject(Evaluation evaluation) {
            Identity.User user = evaluation.user;
            if (allUsers && user != null) {
                return true;
            }
            if (user != null && !user.id().isEmpty() && users.contains(user.id())) {
                return true;
            }
            if (evaluation.namesDevice
                    && (allDevices
                            || devices.contains(
                                    evaluation.request.identity().device().id()))) {
                return true;
            }
            if (allGroups || groups.length > 0) {
                BitSet members = evaluation.members();
                if (allGroups && !members.isEmpty()) {
                    return true;
                }
                for (int g : groups) {
                    if (members.get(g)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
