package dev.ipfence.core.policy;

import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One policy compiled: whether it applies to a request (resource type, gateway, source networks,
 * mode, subject) and its effect there, with its admission rule. A policy naming a group or an
 * admission rule the organization does not hold denies.
 */
final class CompiledPolicy {

    private enum Mode {
        ANY,
        LOCAL,
        REMOTE,
        RESTRICTED
    }

    /** The policy's place in id order among its organization's policies: the deciding one is the first. */
    final int rank;

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
    final CompiledAdmission admission;
    final Decision allowed;
    final Decision denied;

    private CompiledPolicy(PolicyState state, int rank, PolicyGroups groups, Map<UUID, CompiledAdmission> admissions) {
        this.rank = rank;
        int[] indexes = new int[state.groups().size()];
        boolean missing = false;
        for (int k = 0; k < indexes.length; k++) {
            Integer index = groups.indexOf(state.groups().get(k));
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

    static CompiledPolicy compile(
            PolicyState state, int rank, PolicyGroups groups, Map<UUID, CompiledAdmission> admissions) {
        return new CompiledPolicy(state, rank, groups, admissions);
    }

    /** DENY, ALLOW, or null when the policy does not apply to the request. */
    Action effect(PolicyEvaluation evaluation) {
        if (dangling) {
            return Action.DENY;
        }
        if (!matches(evaluation)) {
            return null;
        }
        if (admission == null) {
            return action;
        }
        Condition.Outcome outcome = evaluation.outcome(admission);
        if (outcome == null) {
            // outside the admission rule's time window
            return null;
        }
        return switch (outcome.value()) {
            case TRUE -> admission.type() == CompiledAdmission.Type.DENY ? Action.DENY : action;
            case FALSE -> admission.type() == CompiledAdmission.Type.CUSTOM ? Action.DENY : null;
            case FAILED -> Action.DENY;
        };
    }

    private boolean matches(PolicyEvaluation evaluation) {
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

    private boolean subject(PolicyEvaluation evaluation) {
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
