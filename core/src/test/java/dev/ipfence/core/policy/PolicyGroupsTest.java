package dev.ipfence.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.events.PolicyGroupState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A user is a member of the groups its group names name, else of the SAML default groups. */
class PolicyGroupsTest {

    private final UUID staff = UUID.randomUUID();
    private final UUID admins = UUID.randomUUID();
    private final UUID guests = UUID.randomUUID();

    private static PolicyGroupState group(UUID id, boolean samlDefault, List<String> idpMapping) {
        return new PolicyGroupState(
                id, UUID.randomUUID(), "g", null, 5, samlDefault, idpMapping, null, null, null, null, 1);
    }

    private final PolicyGroups groups = PolicyGroups.compile(List.of(
            group(staff, false, List.of("Engineering", "Ops")),
            group(admins, false, List.of("Ops")),
            group(guests, true, null)));

    private static Identity.User user(String... groupNames) {
        return new Identity.User("u", null, List.of(groupNames), null, Map.of());
    }

    @Test
    void groupsAreNumberedInOrder() {
        assertThat(groups.indexOf(staff)).isZero();
        assertThat(groups.indexOf(guests)).isEqualTo(2);
        assertThat(groups.indexOf(UUID.randomUUID())).isNull();
    }

    @Test
    void anIdpNameMakesAMemberOfEveryGroupMappingIt() {
        assertThat(groups.membersOf(user("Ops")).stream().toArray()).containsExactly(0, 1);
        assertThat(groups.membersOf(user(admins.toString())).stream().toArray()).containsExactly(1);
    }

    @Test
    void aUserOfNoGroupIsAMemberOfTheDefaultGroupsAndNoUserOfNone() {
        assertThat(groups.membersOf(user("Unknown")).stream().toArray()).containsExactly(2);
        assertThat(groups.membersOf(null).isEmpty()).isTrue();
    }
}
