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

    @Test
    void compiledPoliciesDecideAsTheReference() {
        Random random = new Random(20261202);
        Set<Decision.Reason> reasons = EnumSet.noneOf(Decision.Reason.class);
        Set<String> cells = new HashSet<>();
        int uncovered = 0;
        int compared = 0;
        for (int org = 0; org < 200; org++) {
            UUID orgId = GeneratedPolicies.uuid(random);
            List<UUID> groupIds = new ArrayList<>();
            List<PolicyGroupState> groups = new ArrayList<>();
            for (int g = random.nextInt(4); g > 0; g--) {
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
            for (int p = 1 + random.nextInt(8); p > 0; p--) {
                policies.add(
                        GeneratedPolicies.policy(random, orgId, GeneratedPolicies.uuid(random), groupIds, ruleIds));
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
        assertThat(compared).isEqualTo(10_000);
        assertThat(uncovered).isGreaterThan(500);
        assertThat(reasons)
                .containsExactlyInAnyOrder(
                        Decision.Reason.POLICY_ALLOW, Decision.Reason.POLICY_DENY, Decision.Reason.NO_POLICY);
        assertThat(cells).containsExactlyInAnyOrderElementsOf(GeneratedPolicies.allCells());
    }
}
