package dev.ipfence.rules.iprules;

import dev.ipfence.testing.TimeOrderedIds;
import org.junit.jupiter.api.Test;

class RuleIdsTest {

    @Test
    void idsAreVersion7AndRiseInTheOrderTheyAreMadeAsPostgresqlComparesThem() {
        TimeOrderedIds.assertMadeInOrder(RuleIds::next, 20_000);
    }
}
