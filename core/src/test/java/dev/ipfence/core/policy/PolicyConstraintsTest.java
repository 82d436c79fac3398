package dev.ipfence.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.policy.PolicyConstraints.Violation;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PolicyConstraintsTest {

    @Test
    void acceptsAPolicyLikeTheSeedExample() {
        assertThat(PolicyConstraints.checkPolicy(policy("LOCAL", List.of(), List.of())))
                .isEmpty();
    }

    @Test
    void restrictedModeNeedsGatewaysAndSourceIps() {
        assertThat(fields(PolicyConstraints.checkPolicy(policy("RESTRICTED", List.of(), List.of()))))
                .containsExactly("gateways", "sourceIps");
        assertThat(fields(PolicyConstraints.checkPolicy(policy("RESTRICTED", List.of("gw-1"), List.of()))))
                .containsExactly("sourceIps");
        assertThat(PolicyConstraints.checkPolicy(policy("RESTRICTED", List.of("gw-1"), List.of("10.0.0.0/8"))))
                .isEmpty();
    }

    @Test
    void localModeRefusesGateways() {
        assertThat(PolicyConstraints.checkPolicy(policy("LOCAL", List.of("gw-1"), List.of())))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("gateways");
                    assertThat(v.message()).contains("LOCAL");
                });
    }

    @Test
    void remoteAndNoModeAcceptGatewaysAndSourcesOrNeither() {
        for (String mode : new String[] {"REMOTE", null}) {
            assertThat(PolicyConstraints.checkPolicy(policy(mode, List.of(), List.of())))
                    .isEmpty();
            assertThat(PolicyConstraints.checkPolicy(policy(mode, List.of("gw"), List.of("10.0.0.1"))))
                    .isEmpty();
        }
    }

    @Test
    void unknownTypeAndModeNameTheValueAndTheChoices() {
        PolicyState bad = withTypeAndMode(policy(null, List.of(), List.of()), "PUBLIC", "local");
        List<Violation> problems = PolicyConstraints.checkPolicy(bad);
        assertThat(problems)
                .containsExactly(
                        new Violation("type", "\"PUBLIC\" is not one of PRIVATE, SAAS, INTERNET, SITETOSITE"),
                        new Violation("mode", "\"local\" is not one of LOCAL, RESTRICTED, REMOTE"));
    }

    @Test
    void typeIsRequired() {
        assertThat(fields(
                        PolicyConstraints.checkPolicy(withTypeAndMode(policy(null, List.of(), List.of()), null, null))))
                .containsExactly("type");
    }

    @Test
    void sourceIpsAreParsedStrictlyNamingTheEntry() {
        List<Violation> problems = PolicyConstraints.checkPolicy(
                policy(null, List.of(), List.of("10.0.0.0/8", "010.0.0.1", "10.0.0.5/24")));
        assertThat(fields(problems)).containsExactly("sourceIps[1]", "sourceIps[2]");
        assertThat(problems.get(1).message()).contains("did you mean 10.0.0.0/24?");
    }

    @Test
    void sourcesAreNetworksAddressesOrRangesInCanonicalForm() {
        assertThat(PolicyConstraints.parseSource("10.0.0.7").toString()).isEqualTo("10.0.0.7/32");
        assertThat(PolicyConstraints.parseSource("2001:DB8::/32").toString()).isEqualTo("2001:db8::/32");
        assertThat(PolicyConstraints.parseSource("10.0.0.1-10.0.0.9").toString())
                .isEqualTo("10.0.0.1-10.0.0.9");
        assertThatThrownBy(() -> PolicyConstraints.parseSource("10.0.0.9-10.0.0.1"))
                .isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> PolicyConstraints.parseSource("10.0.0.1-::1")).isInstanceOf(AddressException.class);
    }

    @Test
    void listsHoldAtMostAThousandEntriesOfAtMost256Characters() {
        List<String> tooMany = Collections.nCopies(PolicyConstraints.MAX_LIST_ENTRIES + 1, "u");
        assertThat(PolicyConstraints.checkEntries("users", tooMany))
                .containsExactly(new Violation("users", "at most 1000 entries, got 1001"));
        assertThat(PolicyConstraints.checkEntries("users", Collections.nCopies(1000, "u")))
                .isEmpty();
        assertThat(PolicyConstraints.checkEntries("users", List.of("ok", "x".repeat(257), " ")))
                .extracting(Violation::field)
                .containsExactly("users[1]", "users[2]");
    }

    @Test
    void namesAreRequiredShortAndWithoutControlCharacters() {
        assertThat(PolicyConstraints.checkName("name", null))
                .extracting(Violation::field)
                .containsExactly("name");
        assertThat(PolicyConstraints.checkName("name", " ")).hasSize(1);
        assertThat(PolicyConstraints.checkName("name", "x".repeat(256)))
                .containsExactly(new Violation("name", "at most 255 characters, got 256"));
        assertThat(PolicyConstraints.checkName("name", "a\u0000b")).hasSize(1);
        assertThat(PolicyConstraints.checkName("name", "Engineering Team")).isEmpty();
    }

    @Test
    void groupMaxDevicesIsFromZeroToAThousand() {
        assertThat(PolicyConstraints.checkGroup(group(0))).isEmpty();
        assertThat(PolicyConstraints.checkGroup(group(1000))).isEmpty();
        assertThat(PolicyConstraints.checkGroup(group(1001)))
                .containsExactly(new Violation("maxDevices", "must be from 0 to 1000, got 1001"));
        assertThat(PolicyConstraints.checkGroup(group(-1)))
                .extracting(Violation::field)
                .containsExactly("maxDevices");
    }

    @Test
    void admissionRuleTypeMustBeAllowDenyOrCustom() {
        assertThat(PolicyConstraints.checkAdmissionRule(rule("ALLOW", false, null)))
                .isEmpty();
        assertThat(PolicyConstraints.checkAdmissionRule(rule("PERMIT", false, null)))
                .containsExactly(new Violation("type", "\"PERMIT\" is not one of ALLOW, DENY, CUSTOM"));
    }

    @Test
    void timeWindowIsRequiredWithATimeConstraintAndAbsentWithout() {
        TimeWindow window = new TimeWindow(List.of("MONDAY"), "09:00", "17:00", "Europe/Berlin");
        assertThat(PolicyConstraints.checkAdmissionRule(rule("ALLOW", true, window)))
                .isEmpty();
        assertThat(PolicyConstraints.checkAdmissionRule(rule("ALLOW", true, null)))
                .extracting(Violation::field)
                .containsExactly("timeWindow");
        assertThat(PolicyConstraints.checkAdmissionRule(rule("ALLOW", false, window)))
                .extracting(Violation::field)
                .containsExactly("timeWindow");
    }

    @Test
    void timeWindowProblemsNameTheirField() {
        TimeWindow bad = new TimeWindow(List.of("MONDAY", "Funday"), "9:00", "24:00", "Mars/Base");
        List<Violation> problems = PolicyConstraints.checkAdmissionRule(rule("DENY", true, bad));
        assertThat(problems)
                .extracting(Violation::field)
                .containsExactly(
                        "timeWindow.daysOfWeek", "timeWindow.startTime", "timeWindow.endTime", "timeWindow.timeZone");
        assertThat(problems.get(3).message()).startsWith("\"Mars/Base\" is not an IANA time zone");
    }

    @Test
    void conditionProblemsCarryTheCompilersLineAndColumn() {
        assertThat(PolicyConstraints.checkCondition("user.department =="))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("rule");
                    assertThat(v.message()).containsPattern(" at line 1, column [0-9]+$");
                });
        assertThat(PolicyConstraints.checkCondition("user.department"))
                .extracting(Violation::field)
                .containsExactly("rule");
        assertThat(PolicyConstraints.checkCondition(null))
                .extracting(Violation::field)
                .containsExactly("rule");
        assertThat(PolicyConstraints.checkCondition("user.department == 'Engineering'"))
                .isEmpty();
    }

    @Test
    void timeWindowEndsMustDifferAndMayCrossMidnight() {
        assertThat(TimeWindows.check(new TimeWindow(List.of("FRIDAY"), "22:00", "06:00", "UTC")))
                .isEmpty();
        assertThat(TimeWindows.check(new TimeWindow(List.of("FRIDAY"), "22:00", "22:00", "UTC")))
                .singleElement()
                .asString()
                .startsWith("timeWindow.endTime: ");
        assertThat(TimeWindows.check(new TimeWindow(List.of(), "22:00", "06:00", "+02:00")))
                .extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactly("timeWindow.daysOfWeek", "timeWindow.timeZone");
    }

    private static List<String> fields(List<Violation> problems) {
        return problems.stream().map(Violation::field).toList();
    }

    private static PolicyState policy(String mode, List<String> gateways, List<String> sourceIps) {
        return new PolicyState(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "Engineering Team Access",
                "Allows engineering team to access development resources",
                List.of(UUID.randomUUID()),
                List.of(),
                List.of(),
                List.of(),
                gateways,
                false,
                false,
                false,
                false,
                sourceIps,
                "PRIVATE",
                mode,
                true,
                UUID.randomUUID(),
                Instant.EPOCH,
                Instant.EPOCH,
                "t",
                "t",
                1);
    }

    private static PolicyState withTypeAndMode(PolicyState p, String type, String mode) {
        return new PolicyState(
                p.id(),
                p.orgId(),
                p.name(),
                p.description(),
                p.groups(),
                p.users(),
                p.devices(),
                p.resources(),
                p.gateways(),
                p.allGroups(),
                p.allUsers(),
                p.allDevices(),
                p.allResources(),
                p.sourceIps(),
                type,
                mode,
                p.action(),
                p.rule(),
                p.createdAt(),
                p.updatedAt(),
                p.createdBy(),
                p.updatedBy(),
                p.version());
    }

    private static PolicyGroupState group(int maxDevices) {
        return new PolicyGroupState(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "Engineering Team",
                null,
                maxDevices,
                false,
                List.of("engineering-team"),
                Instant.EPOCH,
                Instant.EPOCH,
                "t",
                "t",
                1);
    }

    private static AdmissionRuleState rule(String type, boolean timed, TimeWindow window) {
        return new AdmissionRuleState(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "Engineering Department Access",
                type,
                "user.department == 'Engineering'",
                timed,
                window,
                Instant.EPOCH,
                Instant.EPOCH,
                "t",
                "t",
                1);
    }
}
