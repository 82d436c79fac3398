package dev.ipfence.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    private static Condition.Outcome evaluate(String condition, Map<String, Object> attributes) {
        return Conditions.compile(condition)
                .evaluate(new ConditionInput(
                        "u",
                        "",
                        "",
                        List.of(),
                        attributes,
                        "",
                        Map.of(),
                        "10.0.0.1",
                        "",
                        "",
                        "",
                        Instant.parse("2026-06-15T10:00:00Z")));
    }

    @Test
    void numbersAsAJsonBinderGivesThemCompareAsCelNumbers() {
        Map<String, Object> bound = new HashMap<>();
        bound.put("level", 3);
        bound.put("score", new BigDecimal("0.75"));
        bound.put("big", new BigInteger("123456789012345678901234567890"));
        bound.put("nested", Map.of("count", 2, "tags", List.of(1, "a")));
        bound.put("missing", null);
        Map<String, Object> attributes = JsonValues.attributes(bound);
        assertThat(evaluate("user.attributes.level > 2", attributes)).isEqualTo(Condition.Outcome.TRUE);
        assertThat(evaluate("user.attributes.score < 1.0", attributes)).isEqualTo(Condition.Outcome.TRUE);
        assertThat(evaluate("user.attributes.big > 1e29", attributes)).isEqualTo(Condition.Outcome.TRUE);
        assertThat(evaluate("user.attributes.nested.count == 2 && 1 in user.attributes.nested.tags", attributes))
                .isEqualTo(Condition.Outcome.TRUE);
        assertThat(evaluate("user.attributes.missing == null", attributes)).isEqualTo(Condition.Outcome.TRUE);
    }

    @Test
    void withoutConversionAnIntegerWouldFailTheCondition() {
        assertThat(evaluate("user.attributes.level > 2", Map.of("level", 3)).value())
                .isEqualTo(Condition.Outcome.Value.FAILED);
    }
}
