package dev.ipfence.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.policy.Condition.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The direct form of string conditions gives the CEL interpreter's outcome, and only takes what it can. */
class StringConditionsTest {

    static final List<String> DIRECT = List.of(
            "true",
            "false",
            "user.department == 'engineering'",
            "'engineering' != user.department",
            "user.department in ['engineering', 'operations'] && request.method == 'GET'",
            "!(request.method in ['POST', 'PUT']) || user.id == 'u1'",
            "'ops' in user.groups",
            "!('eng' in user.groups) && device.id != ''",
            "user.email.endsWith('@example.com') && request.path.startsWith('/api/')",
            "request.path.contains('admin') || request.resourceId == 'r2'",
            "request.ip.inCidr('10.0.0.0/8')",
            "inCidr(request.ip, '2001:db8::/32') || request.ip.inCidr('192.0.2.0/24')",
            "request.ip == '10.1.2.3' || user.id in []",
            "user.attributes.level > 2",
            "user.department == 'engineering' && user.attributes.level > 2",
            "3 == user.attributes.level || user.attributes.role != 'admin'",
            "has(user.attributes.level) && user.attributes.level >= 3",
            "user.attributes.level < 2 && user.department == 'sales'",
            "user.attributes.level <= 1 || user.department == 'sales'",
            "device.attributes.managed == true",
            "device.attributes.managed && request.method == 'GET'",
            "request.method == 'GET' && device.attributes.managed",
            "request.method != 'GET' || device.attributes.managed",
            "request.method == 'GET' && user.attributes.level > 1 || user.attributes.role == 'admin'",
            "!has(device.attributes.managed) || device.attributes.managed != false",
            "user.groups.exists(g, g.startsWith('e'))",
            "user.groups.all(g, g != 'ops' && g in ['eng', 'ops', 'sales']) || user.id == 'u2'",
            "user.groups.exists(g, g.endsWith('s') && user.attributes.level > 1)",
            "!user.groups.exists(user, user == 'eng')");

    static final List<String> INTERPRETED = List.of(
            "size(user.groups) > 1",
            "user.attributes.level > 2.5",
            "user.attributes.level in [1, 2]",
            "user.attributes.role < 'b'",
            "user.groups.exists(g, g.startsWith('e')) && user.groups.all(g, g != 'x')",
            "user.groups.exists_one(g, g == 'eng')",
            "user.groups.map(g, g + 'x').exists(h, h == 'engx')",
            "user.groups.exists(g, size(g) > 2)",
            "user.groups.exists(g, g == user.department)",
            "request.time.getHours() < 15",
            "user.department == user.email",
            "isIp(request.ip)",
            "user.department.matches('^eng')");

    @Test
    void theDirectFormIsTakenForComparisonsOfStringFieldsOnly() {
        DIRECT.forEach(
                text -> assertThat(Conditions.compile(text).direct()).as(text).isTrue());
        INTERPRETED.forEach(
                text -> assertThat(Conditions.compile(text).direct()).as(text).isFalse());
    }

    @Test
    void theGeneratedOrganizationsUseBothForms() {
        List<Boolean> forms = GeneratedPolicies.CONDITIONS.stream()
                .map(text -> Conditions.compile(text).direct())
                .toList();
        assertThat(forms).contains(true, false);
    }

    @Test
    void theDirectFormGivesTheInterpretersOutcome() {
        Random random = new Random(7);
        Set<Outcome.Value> seen = EnumSet.noneOf(Outcome.Value.class);
        List<Condition> conditions = new ArrayList<>();
        DIRECT.forEach(text -> conditions.add(Conditions.compile(text)));
        INTERPRETED.forEach(text -> conditions.add(Conditions.compile(text)));
        for (int i = 0; i < 2_000; i++) {
            ConditionInput input = input(random);
            for (Condition condition : conditions) {
                Outcome direct = condition.evaluate(input);
                Outcome interpreted = condition.evaluateWithCel(input);
                assertThat(direct.value())
                        .as("%s on %s", condition.expression(), input)
                        .isEqualTo(interpreted.value());
                if (condition.direct()) {
                    seen.add(direct.value());
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(Outcome.Value.TRUE, Outcome.Value.FALSE, Outcome.Value.FAILED);
    }

    @Test
    void anAddressThatDoesNotParseFailsAsInTheInterpreter() {
        ConditionInput input = new ConditionInput(
                null, null, null, null, null, null, null, "010.0.0.1", null, null, null, Instant.EPOCH);
        Condition condition = Conditions.compile("request.ip.inCidr('10.0.0.0/8') || user.id == 'u1'");
        assertThat(condition.direct()).isTrue();
        assertThat(condition.evaluate(input).value()).isEqualTo(Outcome.Value.FAILED);
        assertThat(condition.evaluate(input)).isEqualTo(condition.evaluateWithCel(input));
        Condition absorbed = Conditions.compile("request.ip.inCidr('10.0.0.0/8') && user.id == 'u1'");
        assertThat(absorbed.evaluate(input)).isEqualTo(Outcome.FALSE).isEqualTo(absorbed.evaluateWithCel(input));
    }

    @Test
    void theIterationLimitIsTheInterpretersNearAndOverIt() {
        Condition condition = Conditions.compile("user.groups.exists(g, g == 'y')");
        Condition all = Conditions.compile("user.groups.all(g, g == 'x')");
        assertThat(condition.direct()).isTrue();
        for (int size : new int[] {999, 1_000, 1_001, 2_000}) {
            List<String> groups = new ArrayList<>(java.util.Collections.nCopies(size, "x"));
            ConditionInput input = new ConditionInput(
                    null, null, null, groups, null, null, null, "10.0.0.1", null, null, null, Instant.EPOCH);
            assertThat(condition.evaluate(input)).as("%d groups", size).isEqualTo(condition.evaluateWithCel(input));
            assertThat(all.evaluate(input)).as("%d groups", size).isEqualTo(all.evaluateWithCel(input));
        }
    }

    private static ConditionInput input(Random random) {
        return new ConditionInput(
                pick(random, "", "u1", "u2"),
                pick(random, "", "ada@example.com", "bob@example.org"),
                pick(random, "", "engineering", "operations", "sales"),
                random.nextBoolean() ? List.of() : List.of(pick(random, "eng", "ops"), pick(random, "sales", "ops")),
                pick(
                        random,
                        Map.of(),
                        Map.of("level", (long) random.nextInt(5)),
                        Map.of("level", random.nextInt(5) * 1.0, "role", "admin"),
                        Map.of("level", "3", "role", 1L),
                        Map.of("level", true, "role", "user")),
                pick(random, "", "d1"),
                pick(random, Map.of(), Map.of("managed", random.nextBoolean()), Map.of("managed", "yes")),
                pick(random, "10.1.2.3", "192.0.2.7", "203.0.113.9", "2001:db8::5", "2001:db9::1"),
                pick(random, "", "GET", "POST", "PUT"),
                pick(random, "", "/", "/api/orders", "/admin"),
                pick(random, "", "r1", "r2"),
                GeneratedPolicies.time(random));
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
