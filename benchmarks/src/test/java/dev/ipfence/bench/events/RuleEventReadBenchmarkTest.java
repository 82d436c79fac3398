package dev.ipfence.bench.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.model.Rule;
import dev.ipfence.enforcement.state.RuleEvent;
import org.junit.jupiter.api.Test;

/** The smoke run of the event read benchmark: both ways read the same events and instants. */
class RuleEventReadBenchmarkTest {

    @Test
    void bothWaysReadTheSameRuleEventsAndInstants() throws Exception {
        RuleEventReadBenchmark services = new RuleEventReadBenchmark();
        services.setUp();
        RuleEventReadBenchmark jackson = new RuleEventReadBenchmark();
        jackson.setUp();
        int expiring = 0;
        for (int i = 0; i < 5_000; i++) {
            RuleEvent read = services.ruleEventServicesInstants();
            assertThat(read).isInstanceOf(RuleEvent.RuleChange.class);
            assertThat(read).isEqualTo(jackson.ruleEventJacksonInstants());
            Rule rule = ((RuleEvent.RuleChange) read).rule();
            assertThat(rule.createdAt().getNano()).isNotZero();
            if (rule.expiresAt() != null) {
                expiring++;
            }
        }
        assertThat(expiring).isGreaterThan(1_000);
        for (int i = 0; i < 5_000; i++) {
            assertThat(services.instantText()).isNotNull().isEqualTo(jackson.instantFormatter());
        }
    }
}
