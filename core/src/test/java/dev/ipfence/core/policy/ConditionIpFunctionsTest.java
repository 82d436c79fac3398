package dev.ipfence.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import org.junit.jupiter.api.Test;

/** The IP functions of conditions read addresses as strictly as rules do. */
class ConditionIpFunctionsTest {

    @Test
    void inCidrHoldsForAnAddressOfTheNetworkOnly() throws CelEvaluationException {
        assertThat(ConditionIpFunctions.inCidr("10.1.2.3", "10.0.0.0/8")).isTrue();
        assertThat(ConditionIpFunctions.inCidr("11.1.2.3", "10.0.0.0/8")).isFalse();
        assertThat(ConditionIpFunctions.inCidr("::ffff:10.1.2.3", "10.0.0.0/8")).isTrue();
        assertThat(ConditionIpFunctions.inCidr("2001:db8::1", "10.0.0.0/8")).isFalse();
    }

    @Test
    void inCidrFailsTheEvaluationOnALenientAddress() {
        assertThatThrownBy(() -> ConditionIpFunctions.inCidr("010.1.2.3", "10.0.0.0/8"))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("inCidr");
        assertThatThrownBy(() -> ConditionIpFunctions.inCidr("10.1.2.3", "10.0.0.1/8"))
                .hasMessageContaining("host bits");
    }

    @Test
    void isIpAndIsCidrAcceptOnlyTheStrictForms() {
        assertThat(ConditionIpFunctions.isIp("192.0.2.1")).isTrue();
        assertThat(ConditionIpFunctions.isIp("192.0.2.1/32")).isFalse();
        assertThat(ConditionIpFunctions.isIp("10.1")).isFalse();
        assertThat(ConditionIpFunctions.isCidr("192.0.2.0/24")).isTrue();
        assertThat(ConditionIpFunctions.isCidr("192.0.2.1/24")).isFalse();
    }

    @Test
    void declaresAndBindsEveryOverload() {
        assertThat(ConditionIpFunctions.declarations()).hasSize(3);
        assertThat(ConditionIpFunctions.bindings()).hasSize(4);
    }
}
