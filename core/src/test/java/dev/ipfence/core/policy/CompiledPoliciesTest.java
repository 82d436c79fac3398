package dev.ipfence.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.Decision;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link CompiledPolicies} decides as {@link PolicyModel} on generated organizations and requests. */
class CompiledPoliciesTest {

    /** What the generated organizations hold: groups in [groupsMin, groupsMax), users per policy. */
    private record Shape(int groupsMin, int groupsMax, int policiesMax, int maxUsers) {}

    /** What a run compared: requests, those no policy covered, the reasons and effect-table cells met. */
    private record Compared(int requests, int uncovered, Set<Decision.Reason> reasons, Set<String> cells) {}

    @Test
    void compiledPoliciesDecideAsTheReference() {
        Compared compared = compare(new Random(20261202), 200, new Shape(0, 4, 8, 1));

        assertThat(compared.requests()).isEqualTo(10_000);
        assertThat(compared.uncovered()).isGreaterThan(500);
        assertThat(compared.reasons())
                .containsExactlyInAnyOrder(
                        Decision.Reason.POLICY_ALLOW, Decision.Reason.POLICY_DENY, Decision.Reason.NO_POLICY);
        assertThat(compared.cells()).containsExactlyInAnyOrderElementsOf(GeneratedPolicies.allCells());
    }

    /** More than 64 groups (numbered past one word of bits) and policies that list several users. */
    @Test
    void compiledPoliciesDecideAsTheReferenceWithManyGroupsAndUsers() {
        Compared compared = compare(new Random(20261203), 40, new Shape(60, 80, 40, 3));

        assertThat(compared.requests()).isEqualTo(2_000);
        assertThat(compared.reasons())
                .containsExactlyInAnyOrder(
                        Decision.Reason.POLICY_ALLOW, Decision.Reason.POLICY_DENY, Decision.Reason.NO_POLICY);
        assertThat(compared.cells()).contains("mismatch subject", "none");
    }

    private static Compared compare(Random random, int organizations, Shape shape) {
        Set<Decision.Reason> reasons = EnumSet.noneOf(Decision.Reason.class);
        Set<String> cells = new HashSet<>();
        int uncovered = 0;
        int compared = 0;
        for (int org = 0; org < organizations; org++) {
            UUID orgId = GeneratedPolicies.uuid(random);
            List<UUID> groupIds = new ArrayList<>();
            List<PolicyGroupState> groups = new ArrayList<>();
            for (int g = shape.groupsMin() + random.nextInt(shape.groupsMax() - shape.groupsMin()); g > 0; g--) {
                UUID id = GeneratedPolicies.uuid(random);
                groupIds.add(id);
                groups.add(GeneratedPolicies.group(random, orgId, id));
            }
            List<UUID> ruleIds = new ArrayList<>();
            List<AdmissionRuleState> rules = new ArrayList<>();
            for (int r = random.nextInt(4); r > 0; r--) {
                UUID id = GeneratedPolicies.uuid(random);
                ruleIds.add(id);
                rules.add(GeneratedPolicies.admissionRule(random, orgId, id));
            }
            List<PolicyState> policies = new ArrayList<>();
            for (int p = 1 + random.nextInt(shape.policiesMax()); p > 0; p--) {
                policies.add(GeneratedPolicies.policy(
                        random, orgId, GeneratedPolicies.uuid(random), groupIds, ruleIds, shape.maxUsers()));
            }
            PolicySet set = new PolicySet(policies, groups, rules);
            CompiledPolicies compiled = CompiledPolicies.compile(set);
            for (int q = 0; q < 50; q++) {
                PolicyRequest request = GeneratedPolicies.request(random, groupIds);
                PolicyModel.Result want = PolicyModel.evaluate(set, request);
                Decision got = compiled.decide(request);
                assertThat(got)
                        .as("org %d request %s policies %s", org, request, set)
                        .isEqualTo(want.decision());
                if (got == null) {
                    uncovered++;
                } else {
                    reasons.add(got.reason());
                }
                want.considered().forEach(considered -> cells.add(GeneratedPolicies.cell(considered, set)));
                compared++;
            }
        }
        return new Compared(compared, uncovered, reasons, cells);
    }
}
