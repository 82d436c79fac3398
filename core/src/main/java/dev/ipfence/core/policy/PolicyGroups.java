package dev.ipfence.core.policy;

import dev.ipfence.core.events.PolicyGroupState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The policy groups of one organization, numbered: which groups a user's group names (a group id or
 * an IdP name mapped to it) make the user a member of, and the SAML default groups of a user who is
 * a member of none.
 */
final class PolicyGroups {

    private final Map<UUID, Integer> index;
    private final Map<String, int[]> byName;
    private final int[] defaults;

    private PolicyGroups(Map<UUID, Integer> index, Map<String, int[]> byName, int[] defaults) {
        this.index = index;
        this.byName = byName;
        this.defaults = defaults;
    }

    static PolicyGroups compile(List<PolicyGroupState> groups) {
        Map<UUID, Integer> groupIndex = new HashMap<>();
        Map<String, List<Integer>> names = new HashMap<>();
        List<Integer> defaults = new ArrayList<>();
        for (PolicyGroupState group : groups) {
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
        return new PolicyGroups(
                groupIndex,
                groupsByName,
                defaults.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The number of the group {@code id}, or null when the organization has no such group. */
    Integer indexOf(UUID id) {
        return index.get(id);
    }

    /** The groups {@code user} (null: none) is a member of, by number. */
    BitSet membersOf(Identity.User user) {
        BitSet members = new BitSet();
        if (user != null) {
            for (String name : user.groups()) {
                int[] groups = byName.get(name);
                if (groups != null) {
                    for (int g : groups) {
                        members.set(g);
                    }
                }
            }
            if (members.isEmpty()) {
                for (int g : defaults) {
                    members.set(g);
                }
            }
        }
        return members;
    }
}
