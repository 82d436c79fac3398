package dev.ipfence.core.matcher;

import static dev.ipfence.core.model.GeneratedRules.NOW;
import static dev.ipfence.core.model.GeneratedRules.QUERIED;
import static dev.ipfence.core.model.GeneratedRules.TRAFFIC;
import static dev.ipfence.core.model.GeneratedRules.network;
import static dev.ipfence.core.model.GeneratedRules.probe;
import static dev.ipfence.core.model.GeneratedRules.rules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.model.ScopeChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The compiled matcher gives the reference decision, reason and rule on generated rule sets. */
class ChainMatcherTest {

    @Test
    void compiledMatcherEqualsTheReferenceOnGeneratedRuleSets() {
        Random random = new Random(20261123);
        int compared = 0;
        int answeredByTable = 0;
        for (int set = 0; set < 3_000; set++) {
            int size = 1 + random.nextInt(set % 10 == 0 ? 200 : 25);
            List<Rule> env = rules(random, Scope.ENVIRONMENT, size / 3 + random.nextInt(3));
            List<Rule> project = rules(random, Scope.PROJECT, size / 3 + random.nextInt(3));
            List<Rule> org = rules(random, Scope.ORG, size / 3 + random.nextInt(3));
            ScopeChain chain = new ScopeChain(env, project, org);
            CompiledScope e = CompiledScope.compile(Scope.ENVIRONMENT, env);
            CompiledScope p = CompiledScope.compile(Scope.PROJECT, project);
            CompiledScope o = CompiledScope.compile(Scope.ORG, org);
            Map<String, CompiledChain> tables = new HashMap<>();
            List<Rule> all = new ArrayList<>(env);
            all.addAll(project);
            all.addAll(org);
            for (int q = 0; q < 40; q++) {
                IpAddress client = probe(random, all);
                String trafficScope = QUERIED[random.nextInt(QUERIED.length)];
                Instant now = random.nextInt(4) == 0 ? NOW.plusSeconds(random.nextInt(7200) - 3600) : NOW;
                Decision expected = AccessModel.decide(chain, client, trafficScope, now);
                Decision actual = ChainMatcher.decide(e, p, o, client, trafficScope, Liveness.micros(now));
                assertThat(actual)
                        .as(
                                "set %d, client %s, traffic scope %s, now %s, rules %s",
                                set, client, trafficScope, now, all)
                        .isEqualTo(expected);
                CompiledChain table = tables.computeIfAbsent(
                        String.valueOf(trafficScope),
                        key -> CompiledChain.of(e, p, o, trafficScope, Liveness.micros(NOW)));
                assertThat(ChainMatcher.decide(table, client, trafficScope, Liveness.micros(now)))
                        .as("chain table: set %d, client %s, traffic scope %s, now %s", set, client, trafficScope, now)
                        .isEqualTo(expected);
                if (table.decide(client.family(), client.hi(), client.lo(), trafficScope, Liveness.micros(now))
                        != null) {
                    answeredByTable++;
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(120_000);
        // the table itself decides most of them; the rest (expiring rules, another allow list) the scopes
        assertThat(answeredByTable).isGreaterThan(compared / 2);
    }

    /**
     * Large scopes, so that lookups go through the bucket index: rules spread over the whole
     * address space, crowded into one network, or both, with the index's edge cases as probes.
     */
    @Test
    void compiledMatcherEqualsTheReferenceOnLargeSpreadRuleSets() {
        Random random = new Random(99);
        int compared = 0;
        int answeredByTable = 0;
        for (int set = 0; set < 24; set++) {
            int layout = set % 3;
            List<Rule> env = spreadRules(random, Scope.ENVIRONMENT, 100 + random.nextInt(300), layout);
            List<Rule> project = spreadRules(random, Scope.PROJECT, 200 + random.nextInt(600), layout);
            List<Rule> org = spreadRules(random, Scope.ORG, 400 + random.nextInt(1200), layout);
            ScopeChain chain = new ScopeChain(env, project, org);
            CompiledScope e = CompiledScope.compile(Scope.ENVIRONMENT, env);
            CompiledScope p = CompiledScope.compile(Scope.PROJECT, project);
            CompiledScope o = CompiledScope.compile(Scope.ORG, org);
            Map<String, CompiledChain> tables = new HashMap<>();
            List<Rule> all = new ArrayList<>(env);
            all.addAll(project);
            all.addAll(org);
            for (int q = 0; q < 600; q++) {
                IpAddress client = random.nextInt(4) == 0
                        ? spreadAddress(random, random.nextBoolean(), layout)
                        : probe(random, all);
                String trafficScope = QUERIED[random.nextInt(QUERIED.length)];
                Decision expected = AccessModel.decide(chain, client, trafficScope, NOW);
                Decision actual = ChainMatcher.decide(e, p, o, client, trafficScope, Liveness.micros(NOW));
                assertThat(actual)
                        .as("set %d, client %s, traffic scope %s", set, client, trafficScope)
                        .isEqualTo(expected);
                CompiledChain table = tables.computeIfAbsent(
                        String.valueOf(trafficScope),
                        key -> CompiledChain.of(e, p, o, trafficScope, Liveness.micros(NOW)));
                assertThat(ChainMatcher.decide(table, client, trafficScope, Liveness.micros(NOW)))
                        .as("chain table: set %d, client %s, traffic scope %s", set, client, trafficScope)
                        .isEqualTo(expected);
                if (table.decide(client.family(), client.hi(), client.lo(), trafficScope, Liveness.micros(NOW))
                        != null) {
                    answeredByTable++;
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(14_400);
        assertThat(answeredByTable).isGreaterThan(compared / 2);
    }

    private static List<Rule> spreadRules(Random random, Scope scope, int count, int layout) {
        UUID scopeId = UUID.randomUUID();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean v6 = random.nextInt(10) < 4;
            IpBlock block;
            if (random.nextInt(10) == 0) {
                IpAddress a = spreadAddress(random, v6, layout);
                IpAddress b = spreadAddress(random, v6, layout);
                block = a.compareTo(b) <= 0
                        ? new IpBlock(a, b, IpBlock.NOT_A_PREFIX)
                        : new IpBlock(b, a, IpBlock.NOT_A_PREFIX);
            } else {
                int bits = v6 ? 128 : 32;
                int prefix = random.nextInt(20) == 0 ? random.nextInt(bits) : bits - random.nextInt(v6 ? 80 : 16);
                block = Addresses.parseNetwork(network(spreadAddress(random, v6, layout), prefix));
            }
            rules.add(new Rule(
                    UUID.randomUUID(),
                    scope,
                    scopeId,
                    block,
                    random.nextInt(3) == 0 ? Action.DENY : Action.ALLOW,
                    random.nextInt(8) == 0 ? Set.of(TRAFFIC[random.nextInt(3)]) : Set.of(),
                    random.nextInt(20) != 0,
                    random.nextInt(10) == 0 ? NOW.minusSeconds(1) : null,
                    NOW.minusSeconds(random.nextInt(100))));
        }
        return rules;
    }

    /** Layout 0: anywhere; 1: inside 10.0.0.0/16 or 2001:db8::/48; 2: either, and the family's ends. */
    private static IpAddress spreadAddress(Random random, boolean v6, int layout) {
        boolean crowded = layout == 1 || (layout == 2 && random.nextBoolean());
        if (layout == 2 && random.nextInt(20) == 0) {
            boolean top = random.nextBoolean();
            return v6
                    ? IpAddress.ipv6(top ? -1L : 0, top ? -1L - random.nextInt(3) : random.nextInt(3))
                    : IpAddress.ipv4(top ? 0xFFFF_FFFFL - random.nextInt(3) : random.nextInt(3));
        }
        if (v6) {
            return crowded
                    ? IpAddress.ipv6(
                            0x2001_0db8_0000_0000L | (random.nextInt(4) == 0 ? random.nextInt(1 << 16) : 0),
                            random.nextLong() >>> random.nextInt(64))
                    : IpAddress.ipv6(random.nextLong(), random.nextLong());
        }
        return crowded ? IpAddress.ipv4(0x0A00_0000L | random.nextInt(1 << 16)) : IpAddress.ipv4(random.nextInt());
    }

    /** Segments covered by hundreds of nested rules, the widest one a deny. */
    @Test
    void deeplyNestedRulesDecideTheSameThroughTheChainTable() {
        UUID org = UUID.randomUUID();
        List<Rule> orgRules = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // nested ranges around 10.0.0.5, the widest one a deny
            IpBlock block = Addresses.parseRange(
                    "10.0.0.0", IpAddress.ipv4(0x0A00_0100L + i).toString());
            orgRules.add(new Rule(
                    UUID.randomUUID(),
                    Scope.ORG,
                    org,
                    block,
                    i == 299 ? Action.DENY : Action.ALLOW,
                    Set.of(),
                    true,
                    null,
                    NOW));
        }
        List<Rule> envRules =
                List.of(rule(Scope.ENVIRONMENT, UUID.randomUUID(), "192.0.2.0/24", Action.ALLOW, Set.of(), null));
        CompiledScope e = CompiledScope.compile(Scope.ENVIRONMENT, envRules);
        CompiledScope p = CompiledScope.empty(Scope.PROJECT);
        CompiledScope o = CompiledScope.compile(Scope.ORG, orgRules);
        CompiledChain table = CompiledChain.of(e, p, o, null, Liveness.micros(NOW));
        ScopeChain chain = new ScopeChain(envRules, List.of(), orgRules);
        for (String address : List.of("10.0.0.5", "10.0.1.0", "10.0.1.43", "10.0.2.0", "192.0.2.9")) {
            IpAddress client = Addresses.parseAddress(address);
            Decision expected = AccessModel.decide(chain, client, null, NOW);
            assertThat(ChainMatcher.decide(table, client, null, Liveness.micros(NOW)))
                    .as(address)
                    .isEqualTo(expected);
        }
        assertThat(ChainMatcher.decide(table, Addresses.parseAddress("10.0.0.5"), null, Liveness.micros(NOW))
                        .reason())
                .isEqualTo(Decision.Reason.DENY_RULE);
    }

    @Test
    void chainTableLeavesExpiringRulesOtherAllowListsAndOtherTrafficScopesToTheScopes() {
        UUID orgId = UUID.randomUUID();
        Rule expiringAllow = rule(
                Scope.ENVIRONMENT, UUID.randomUUID(), "192.0.2.0/24", Action.ALLOW, Set.of(), NOW.plusSeconds(3600));
        Rule orgDeny = rule(Scope.ORG, orgId, "10.0.0.0/8", Action.DENY, Set.of(), null);
        Rule sshAllow = rule(Scope.ORG, orgId, "198.51.100.0/24", Action.ALLOW, Set.of("ssh"), null);
        CompiledScope e = CompiledScope.compile(Scope.ENVIRONMENT, List.of(expiringAllow));
        CompiledScope p = CompiledScope.empty(Scope.PROJECT);
        CompiledScope o = CompiledScope.compile(Scope.ORG, List.of(orgDeny, sshAllow));
        long now = Liveness.micros(NOW);
        long later = Liveness.micros(NOW.plusSeconds(7200));
        CompiledChain table = CompiledChain.of(e, p, o, null, now);
        IpAddress inAllow = Addresses.parseAddress("192.0.2.5");
        IpAddress inDeny = Addresses.parseAddress("10.1.2.3");
        IpAddress inSsh = Addresses.parseAddress("198.51.100.7");

        assertThat(table.decide(inDeny.family(), inDeny.hi(), inDeny.lo(), null, now)
                        .reason())
                .isEqualTo(Decision.Reason.DENY_RULE);
        assertThat(table.decide(inSsh.family(), inSsh.hi(), inSsh.lo(), null, now)
                        .reason())
                .isEqualTo(Decision.Reason.NOT_ALLOWLISTED);
        // the allow that decides expires: left to the scopes, which check its expiry
        assertThat(table.decide(inAllow.family(), inAllow.hi(), inAllow.lo(), null, now))
                .isNull();
        assertThat(ChainMatcher.decide(table, inAllow, null, now).reason()).isEqualTo(Decision.Reason.ALLOW_RULE);
        // once it has expired there is no allow list: another table's answers
        assertThat(table.answers(null, later)).isFalse();
        assertThat(table.decide(inSsh.family(), inSsh.hi(), inSsh.lo(), null, later))
                .isNull();
        assertThat(ChainMatcher.decide(table, inSsh, null, later).reason()).isEqualTo(Decision.Reason.NO_RULES);
        // a traffic scope a rule names has a table of its own; one no rule names shares this one
        assertThat(CompiledChain.tableTrafficScope(e, p, o, "ssh")).isEqualTo("ssh");
        assertThat(CompiledChain.tableTrafficScope(e, p, o, "http")).isNull();
        assertThat(table.answers("ssh", now)).isFalse();
        assertThat(table.answers("http", now)).isTrue();
        // the environment holds the allow list, so the organization's ssh allow does not take part
        assertThat(ChainMatcher.decide(table, inSsh, "ssh", now).reason()).isEqualTo(Decision.Reason.NOT_ALLOWLISTED);
        assertThat(ChainMatcher.decide(table, inSsh, "ssh", later).reason()).isEqualTo(Decision.Reason.ALLOW_RULE);
        CompiledChain ssh = CompiledChain.of(e, p, o, "ssh", now);
        assertThat(ssh.decide(inSsh.family(), inSsh.hi(), inSsh.lo(), "ssh", now)
                        .reason())
                .isEqualTo(Decision.Reason.NOT_ALLOWLISTED);
        assertThat(ssh.size()).isEqualTo(3);
        assertThat(table.size()).isEqualTo(2);
    }

    private static Rule rule(
            Scope scope, UUID scopeId, String network, Action action, Set<String> trafficScopes, Instant expiresAt) {
        return new Rule(
                UUID.randomUUID(),
                scope,
                scopeId,
                Addresses.parseNetwork(network),
                action,
                trafficScopes,
                true,
                expiresAt,
                NOW);
    }

    @Test
    void everyReasonOccursInTheGeneratedCorpus() {
        Random random = new Random(7);
        Set<Decision.Reason> seen = java.util.EnumSet.noneOf(Decision.Reason.class);
        for (int set = 0; set < 300; set++) {
            List<Rule> env = rules(random, Scope.ENVIRONMENT, random.nextInt(6));
            List<Rule> org = rules(random, Scope.ORG, random.nextInt(6));
            CompiledScope e = CompiledScope.compile(Scope.ENVIRONMENT, env);
            CompiledScope o = CompiledScope.compile(Scope.ORG, org);
            List<Rule> all = new ArrayList<>(env);
            all.addAll(org);
            for (int q = 0; q < 20; q++) {
                seen.add(ChainMatcher.decide(
                                e,
                                CompiledScope.empty(Scope.PROJECT),
                                o,
                                probe(random, all),
                                QUERIED[random.nextInt(QUERIED.length)],
                                Liveness.micros(NOW))
                        .reason());
            }
        }
        assertThat(seen)
                .contains(
                        Decision.Reason.ALLOW_RULE,
                        Decision.Reason.DENY_RULE,
                        Decision.Reason.NOT_ALLOWLISTED,
                        Decision.Reason.NO_RULES);
    }

    @Test
    void expiryIsEvaluatedAtLookupTime() {
        Rule deny = new Rule(
                UUID.randomUUID(),
                Scope.ORG,
                UUID.randomUUID(),
                Addresses.parseNetwork("10.0.0.0/8"),
                Action.DENY,
                Set.of(),
                true,
                NOW.plusSeconds(2),
                NOW);
        CompiledScope org = CompiledScope.compile(Scope.ORG, List.of(deny));
        CompiledScope none = CompiledScope.empty(Scope.ENVIRONMENT);
        IpAddress client = Addresses.parseAddress("10.1.2.3");
        long now = Liveness.micros(NOW);
        assertThat(ChainMatcher.decide(none, CompiledScope.empty(Scope.PROJECT), org, client, null, now)
                        .reason())
                .isEqualTo(Decision.Reason.DENY_RULE);
        assertThat(ChainMatcher.decide(none, CompiledScope.empty(Scope.PROJECT), org, client, null, now + 2_000_000)
                        .reason())
                .isEqualTo(Decision.Reason.NO_RULES);
    }
}
