package dev.ipfence.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.model.GeneratedRules;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A rule written as its event state reads back as the same rule. */
class RuleStateTest {

    @Test
    void eventStateOfARuleReadsBackAsTheSameRule() {
        Random random = new Random(5);
        for (Scope scope : Scope.values()) {
            for (Rule rule : GeneratedRules.rules(random, scope, 300)) {
                RuleState state = RuleState.of(rule, UUID.randomUUID(), GeneratedRules.NOW, "tester", 3);
                assertThat(state.toRule()).isEqualTo(rule);
                assertThat(state.version()).isEqualTo(3);
                assertThat(state.cidr() == null).isNotEqualTo(state.range() == null);
            }
        }
    }
}
