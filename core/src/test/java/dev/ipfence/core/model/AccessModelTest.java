package dev.ipfence.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.model.Decision.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessModelTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final UUID ENV = UUID.randomUUID();
    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID ORG = UUID.randomUUID();

    private final List<Rule> env = new ArrayList<>();
    private final List<Rule> project = new ArrayList<>();
    private final List<Rule> org = new ArrayList<>();

    @Test
    void noRulesAllowsEverything() {
        assertThat(decide("192.0.2.1", null)).isEqualTo(Decision.without(Action.ALLOW, Reason.NO_RULES));
    }

    @Test
    void anAllowListDeniesWhatItDoesNotContain() {
        Rule office = add(org, Scope.ORG, "203.0.113.0/24", Action.ALLOW, Set.of());
        assertThat(decide("203.0.113.9", null)).isEqualTo(Decision.of(office));
        assertThat(decide("198.51.100.1", null).reason()).isEqualTo(Reason.NOT_ALLOWLISTED);
    }

    @Test
    void nearestAllowListReplacesTheFartherOnes() {
        add(org, Scope.ORG, "203.0.113.0/24", Action.ALLOW, Set.of());
        Rule envAllow = add(env, Scope.ENVIRONMENT, "198.51.100.0/24", Action.ALLOW, Set.of());
        assertThat(decide("198.51.100.7", null)).isEqualTo(Decision.of(envAllow));
        assertThat(decide("203.0.113.9", null).reason()).isEqualTo(Reason.NOT_ALLOWLISTED);
        assertThat(AccessModel.takingPart(chain(), null, NOW).allowListScope()).isEqualTo(Scope.ENVIRONMENT);
    }

    @Test
    void allowListsAreInheritedPerTrafficScope() {
        Rule projectHttp = add(project, Scope.PROJECT, "203.0.113.0/24", Action.ALLOW, Set.of("http"));
        Rule envSsh = add(env, Scope.ENVIRONMENT, "198.51.100.0/24", Action.ALLOW, Set.of("ssh"));
        // an ssh allow rule on the environment does not drop the project's http allow list
        assertThat(decide("203.0.113.9", "http")).isEqualTo(Decision.of(projectHttp));
        assertThat(decide("198.51.100.7", "ssh")).isEqualTo(Decision.of(envSsh));
        assertThat(decide("203.0.113.9", "ssh").reason()).isEqualTo(Reason.NOT_ALLOWLISTED);
        // without a traffic scope only rules for all traffic apply: none here
        assertThat(decide("203.0.113.9", null).reason()).isEqualTo(Reason.NO_RULES);
    }

    @Test
    void denyRulesAreAdditiveAcrossScopes() {
        add(env, Scope.ENVIRONMENT, "10.0.0.0/8", Action.ALLOW, Set.of());
        Rule orgDeny = add(org, Scope.ORG, "10.1.0.0/16", Action.DENY, Set.of());
        assertThat(decide("10.1.2.3", null)).isEqualTo(Decision.of(orgDeny));
        assertThat(decide("10.2.0.1", null).reason()).isEqualTo(Reason.ALLOW_RULE);
    }

    @Test
    void mostSpecificWinsEvenAgainstADeny() {
        add(org, Scope.ORG, "10.0.0.0/8", Action.DENY, Set.of());
        Rule host = add(env, Scope.ENVIRONMENT, "10.0.0.1", Action.ALLOW, Set.of());
        assertThat(decide("10.0.0.1", null)).isEqualTo(Decision.of(host));
        assertThat(decide("10.0.0.2", null).reason()).isEqualTo(Reason.DENY_RULE);
    }

    @Test
    void denyRuleOnOrgBeatsEnvironmentAllowOfSameSize() {
        add(env, Scope.ENVIRONMENT, "10.0.0.0/24", Action.ALLOW, Set.of());
        Rule orgDeny = add(org, Scope.ORG, "10.0.0.0/24", Action.DENY, Set.of());
        assertThat(decide("10.0.0.1", null)).isEqualTo(Decision.of(orgDeny));
    }

    @Test
    void sameSizeSameActionGoesToTheNearestScope() {
        add(org, Scope.ORG, "10.0.0.0/24", Action.DENY, Set.of());
        Rule envDeny = add(env, Scope.ENVIRONMENT, "10.0.0.0/24", Action.DENY, Set.of());
        assertThat(decide("10.0.0.1", null)).isEqualTo(Decision.of(envDeny));
    }

    @Test
    void aRangeIsSizedByItsAddressesNotRoundedToACidr() {
        add(env, Scope.ENVIRONMENT, "10.0.0.0/30", Action.DENY, Set.of());
        Rule range = addRange(env, "10.0.0.1", "10.0.0.3", Action.ALLOW);
        assertThat(decide("10.0.0.2", null)).isEqualTo(Decision.of(range));
        assertThat(decide("10.0.0.0", null).reason()).isEqualTo(Reason.DENY_RULE);
    }

    @Test
    void inactiveAndExpiredRulesNeverMatch() {
        org.add(new Rule(
                UUID.randomUUID(),
                Scope.ORG,
                ORG,
                Addresses.parseNetwork("10.0.0.0/8"),
                Action.DENY,
                Set.of(),
                false,
                null,
                NOW));
        org.add(new Rule(
                UUID.randomUUID(),
                Scope.ORG,
                ORG,
                Addresses.parseNetwork("10.0.0.0/16"),
                Action.DENY,
                Set.of(),
                true,
                NOW,
                NOW.minusSeconds(5)));
        assertThat(decide("10.0.0.1", null).reason()).isEqualTo(Reason.NO_RULES);
    }

    @Test
    void mappedClientMatchesIpv4Rules() {
        Rule deny = add(org, Scope.ORG, "192.0.2.0/24", Action.DENY, Set.of());
        assertThat(decide("::ffff:192.0.2.7", null)).isEqualTo(Decision.of(deny));
    }

    private Decision decide(String ip, String trafficScope) {
        return AccessModel.decide(chain(), Addresses.parseAddress(ip), trafficScope, NOW);
    }

    private ScopeChain chain() {
        return new ScopeChain(env, project, org);
    }

    private Rule add(List<Rule> list, Scope scope, String cidr, Action action, Set<String> trafficScopes) {
        UUID scopeId = scope == Scope.ORG ? ORG : scope == Scope.PROJECT ? PROJECT : ENV;
        Rule rule = new Rule(
                UUID.randomUUID(),
                scope,
                scopeId,
                Addresses.parseNetwork(cidr),
                action,
                trafficScopes,
                true,
                null,
                NOW.minusSeconds(60));
        list.add(rule);
        return rule;
    }

    private Rule addRange(List<Rule> list, String from, String to, Action action) {
        Rule rule = new Rule(
                UUID.randomUUID(),
                Scope.ENVIRONMENT,
                ENV,
                Addresses.parseRange(from, to),
                action,
                Set.of(),
                true,
                null,
                NOW.minusSeconds(60));
        list.add(rule);
        return rule;
    }
}
