package dev.ipfence.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.policy.Condition.Outcome;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Instant NOON_UTC = Instant.parse("2026-06-15T12:00:00Z");

    private static ConditionInput engineer(String department) {
        return new ConditionInput(
                "u-1",
                "ada@example.com",
                department,
                List.of("engineering-team"),
                Map.of("level", 3L, "contractor", false),
                "d-1",
                Map.of("managed", true),
                "203.0.113.7",
                "GET",
                "/admin",
                "r-1",
                NOON_UTC);
    }

    private static Outcome.Value evaluate(String expression, ConditionInput input) {
        return Conditions.compile(expression).evaluate(input).value();
    }

    @Test
    void theSeedsConditionAdmitsItsDepartmentOnly() {
        Condition condition = Conditions.compile("user.department == 'Engineering'");
        assertThat(condition.evaluate(engineer("Engineering"))).isEqualTo(Outcome.TRUE);
        assertThat(condition.evaluate(engineer("Sales"))).isEqualTo(Outcome.FALSE);
    }

    @Test
    void aFieldTheRequestLeftOutIsEmptyNotAnError() {
        ConditionInput bare =
                new ConditionInput(null, null, null, null, null, null, null, "203.0.113.7", null, null, null, NOON_UTC);
        assertThat(evaluate("user.department == ''", bare)).isEqualTo(Outcome.Value.TRUE);
        assertThat(evaluate("size(user.groups) == 0 && size(device.attributes) == 0", bare))
                .isEqualTo(Outcome.Value.TRUE);
    }

    @Test
    void everyDeclaredVariableCanBeRead() {
        String all = "user.id == 'u-1' && user.email.endsWith('@example.com') && 'engineering-team' in user.groups"
                + " && user.attributes.level == 3 && device.id == 'd-1' && device.attributes.managed"
                + " && request.method == 'GET' && request.path.startsWith('/adm') && request.resourceId == 'r-1'"
                + " && request.time == timestamp('2026-06-15T12:00:00Z') && request.ip == '203.0.113.7'";
        assertThat(evaluate(all, engineer("Engineering"))).isEqualTo(Outcome.Value.TRUE);
    }

    @Test
    void ipFunctionsAreStrict() {
        ConditionInput input = engineer("Engineering");
        assertThat(evaluate("request.ip.inCidr('203.0.113.0/24')", input)).isEqualTo(Outcome.Value.TRUE);
        assertThat(evaluate("inCidr(request.ip, '198.51.100.0/24')", input)).isEqualTo(Outcome.Value.FALSE);
        assertThat(evaluate("isIp('10.0.0.1') && !isIp('010.0.0.1') && isCidr('10.0.0.0/8')", input))
                .isEqualTo(Outcome.Value.TRUE);
        assertThat(evaluate("!isCidr('10.0.0.1/8') && !isIp('::ffff:10.0.0.1%eth0')", input))
                .isEqualTo(Outcome.Value.TRUE);
    }

    @Test
    void aConstantNetworkThatDoesNotParseIsACompileError() {
        List<ConditionProblem> problems = Conditions.check("request.ip.inCidr('010.0.0.0/8')");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.message()).startsWith("inCidr:").contains("010.0.0.0/8");
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.column()).isEqualTo(19);
        });
    }

    @Test
    void aNetworkComputedAtEvaluationThatDoesNotParseFails() {
        Outcome outcome =
                Conditions.compile("request.ip.inCidr(user.department)").evaluate(engineer("10.0.0.0/33"));
        assertThat(outcome.value()).isEqualTo(Outcome.Value.FAILED);
        assertThat(outcome.failure()).contains("10.0.0.0/33");
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
        List<ConditionProblem> problems = Conditions.check("user.department ==\n  'Engineering' &&");
        assertThat(problems).isNotEmpty();
        assertThat(problems.get(0).line()).isEqualTo(2);
        assertThat(problems.get(0).column()).isEqualTo(19);
    }

    @Test
    void aConditionMustBeABool() {
        assertThat(Conditions.check("user.department"))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("bool"));
        assertThat(Conditions.check("size(user.groups)")).isNotEmpty();
        // an attribute's type is known only at evaluation: one that is not a bool fails there
        assertThat(Conditions.compile("user.attributes.level")
                        .evaluate(engineer("x"))
                        .value())
                .isEqualTo(Outcome.Value.FAILED);
    }

    @Test
    void anUndeclaredVariableOrFieldIsACompileError() {
        assertThat(Conditions.check("user.departmnt == 'Engineering'"))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.message())
                            .startsWith("undeclared reference to 'user.departmnt': the variables are user.id,");
                    assertThat(problem.line()).isEqualTo(1);
                    assertThat(problem.column()).isEqualTo(1);
                });
        assertThat(Conditions.check("nosuch.x == 1")).isNotEmpty();
        assertThat(Conditions.check("user == 1")).isNotEmpty();
    }

    @Test
    void emptyTooLongAndTooLargeConditionsAreRefused() {
        assertThat(Conditions.check(" "))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("empty"));
        String tooLong = "user.id == '" + "x".repeat(Conditions.MAX_LENGTH) + "'";
        assertThat(Conditions.check(tooLong))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("longer than 4096"));
        String tooLarge = String.join(" || ", Collections.nCopies(200, "user.id == 'a'"));
        assertThat(Conditions.check(tooLarge))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("more than 500"));
        assertThatThrownBy(() -> Conditions.compile("user.department"))
                .isInstanceOf(Conditions.InvalidCondition.class)
                .satisfies(e ->
                        assertThat(((Conditions.InvalidCondition) e).problems()).isNotEmpty());
    }

    @Test
    void aMissingAttributeKeyFailsInsteadOfBeingFalse() {
        Outcome outcome =
                Conditions.compile("user.attributes.clearance == 'secret'").evaluate(engineer("x"));
        assertThat(outcome.value()).isEqualTo(Outcome.Value.FAILED);
        assertThat(outcome.failure()).contains("clearance");
        assertThat(evaluate("has(user.attributes.clearance) && user.attributes.clearance == 'secret'", engineer("x")))
                .isEqualTo(Outcome.Value.FALSE);
    }

    @Test
    void aComprehensionStopsAtTheIterationLimit() {
        ConditionInput many = new ConditionInput(
                "u",
                "",
                "",
                Collections.nCopies(Conditions.MAX_ITERATIONS + 1, "g"),
                Map.of(),
                "",
                Map.of(),
                "203.0.113.7",
                "",
                "",
                "",
                NOON_UTC);
        Outcome outcome = Conditions.compile("user.groups.all(g, g == 'g')").evaluate(many);
        assertThat(outcome.value()).isEqualTo(Outcome.Value.FAILED);
        ConditionInput few = new ConditionInput(
                "u", "", "", List.of("g", "g"), Map.of(), "", Map.of(), "203.0.113.7", "", "", "", NOON_UTC);
        assertThat(Conditions.compile("user.groups.all(g, g == 'g')").evaluate(few))
                .isEqualTo(Outcome.TRUE);
    }

    @Test
    void timeFunctionsTakeATimeZone() {
        ConditionInput input = engineer("Engineering");
        assertThat(evaluate("request.time.getHours('Europe/Berlin') == 14", input))
                .isEqualTo(Outcome.Value.TRUE);
        assertThat(evaluate("request.time.getDayOfWeek('UTC') == 1", input)).isEqualTo(Outcome.Value.TRUE);
    }
}
