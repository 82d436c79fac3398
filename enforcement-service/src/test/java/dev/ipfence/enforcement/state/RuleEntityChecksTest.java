package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.events.PolicyGroupState;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An entity is refused naming what the contract requires of it. */
class RuleEntityChecksTest {

    private final UUID id = UUID.randomUUID();
    private final UUID org = UUID.randomUUID();

    private PolicyGroupState group(UUID groupId, UUID orgId, int maxDevices, List<String> idpMapping) {
        return new PolicyGroupState(
                groupId, orgId, "staff", null, maxDevices, false, idpMapping, null, null, null, null, 1);
    }

    @Test
    void aValidGroupKeepsItsFieldsAndAnAbsentListIsEmpty() throws IOException {
        RuleEvent event = RuleEntityChecks.policyGroup(id, 3, false, group(id, org, 5, null));
        assertThat(event).isInstanceOfSatisfying(RuleEvent.PolicyGroupChange.class, change -> {
            assertThat(change.orgId()).isEqualTo(org);
            assertThat(change.state().maxDevices()).isEqualTo(5);
            assertThat(change.state().idpMapping()).isEmpty();
        });
    }

    @Test
    void everyEntityIsPresentUnderItsOwnIdInAnOrganization() {
        assertThatThrownBy(() -> RuleEntityChecks.policyGroup(id, 1, false, null))
                .hasMessage("the policy group event carries no entity");
        UUID other = UUID.randomUUID();
        assertThatThrownBy(() -> RuleEntityChecks.policyGroup(id, 1, false, group(other, org, 5, null)))
                .hasMessage("the entity id " + other + " is not the record key");
        assertThatThrownBy(() -> RuleEntityChecks.policyGroup(id, 1, false, group(id, null, 5, null)))
                .hasMessage("the policy group names no orgId");
        assertThatThrownBy(() -> RuleEntityChecks.environment(id, 1, false, null))
                .hasMessage("the environment event carries no entity");
    }

    @Test
    void aDeletionNeedsNoEntity() throws IOException {
        assertThat(RuleEntityChecks.policyGroup(id, 2, true, null))
                .isEqualTo(new RuleEvent.PolicyGroupChange(id, 2, null, null));
    }

    @Test
    void limitsAndNullEntriesAreRefused() {
        assertThatThrownBy(() -> RuleEntityChecks.policyGroup(id, 1, false, group(id, org, 1001, null)))
                .hasMessage("maxDevices 1001 is not between 0 and 1000");
        assertThatThrownBy(
                        () -> RuleEntityChecks.policyGroup(id, 1, false, group(id, org, 1, Arrays.asList("a", null))))
                .hasMessage("idpMapping: an entry is null");
    }
}
