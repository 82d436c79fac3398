package dev.ipfence.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.bench.policy.PolicyBenchmark;
import dev.ipfence.core.model.Decision;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Smoke mode of the policy benchmark: it sets up, and the decision path agrees with the reference on its corpus. */
class PolicyBenchmarkTest {

    @Test
    void decisionsWithAnIdentityAgreeWithTheReferenceOnTheBenchmarkCorpus() {
        PolicyBenchmark fast = new PolicyBenchmark();
        fast.setUp();
        PolicyBenchmark reference = new PolicyBenchmark();
        reference.setUp();
        Set<Decision.Reason> reasons = EnumSet.noneOf(Decision.Reason.class);
        for (int i = 0; i < 300; i++) {
            Decision decision = fast.withIdentity();
            assertThat(decision).isEqualTo(reference.reference());
            reasons.add(decision.reason());
        }
        assertThat(reasons)
                .contains(Decision.Reason.POLICY_ALLOW, Decision.Reason.POLICY_DENY, Decision.Reason.NO_POLICY);
        assertThat(fast.ipOnly().reason()).isEqualTo(Decision.Reason.ALLOW_RULE);
    }
}
