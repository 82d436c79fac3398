package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.model.ScopeChain;
import dev.ipfence.core.policy.GeneratedPolicies;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.core.policy.PolicyModel;
import dev.ipfence.core.policy.PolicyRequest;
import dev.ipfence.core.policy.PolicySet;
import dev.ipfence.enforcement.decisions.Decider;
import dev.ipfence.testing.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The service's decision path for requests with an identity ({@link RuleEventReader}, {@link
 * RuleStore}, {@link Snapshot}, the compiled policies, {@link Decider}) gives the decision of
 * {@link PolicyModel} over the IP decision of {@link AccessModel}, on generated streams of
 * admission rule, policy group and policy records: new ones, new versions, deletions with
 * tombstones, repeats, policies naming groups or rules that arrive later, and malformed records,
 * applied in batches with restarts in between. An organization with a quarantined record answers
 * RULES_UNAVAILABLE to every request with an identity that the IP rules allow; its requests without
 * an identity, and every other organization, are unaffected.
 */
class PolicyDecisionPathPropertyTest {

    private static final IpAddress DENIED_CLIENT = Addresses.parseAddress("203.0.113.9");

    /** An organization with one environment, maybe an IP deny rule, and what the reference knows of its policies. */
    private static final class Tenant {
        final UUID org;
        final UUID project;
        final UUID environment;
        final Rule denyRule;
        final Map<UUID, PolicyState> policies = new LinkedHashMap<>();
        final Map<UUID, PolicyGroupState> groups = new LinkedHashMap<>();
        final Map<UUID, AdmissionRuleState> rules = new LinkedHashMap<>();
        final List<UUID> futureRules = new ArrayList<>();
        final Set<String> closedBy = new HashSet<>();

        Tenant(Random random) {
            org = GeneratedPolicies.uuid(random);
            project = GeneratedPolicies.uuid(random);
            environment = GeneratedPolicies.uuid(random);
            denyRule = random.nextBoolean()
                    ? new Rule(
                            GeneratedPolicies.uuid(random),
                            Scope.ORG,
                            org,
                            Addresses.parseNetwork("203.0.113.9/32"),
                            Action.DENY,
                            Set.of(),
                            true,
                            null,
                            Instant.parse("2026-01-01T00:00:00Z"))
                    : null;
        }

        PolicySet set() {
            return new PolicySet(
                    List.copyOf(policies.values()), List.copyOf(groups.values()), List.copyOf(rules.values()));
        }

        ScopeChain chain() {
            return new ScopeChain(List.of(), List.of(), denyRule == null ? List.of() : List.of(denyRule));
        }
    }

    private record Record(String key, byte[] value) {}

    private final RuleEventReader reader = new RuleEventReader(EventJson.MAPPER);

    @Test
    void decisionsWithAnIdentityEqualTheReferenceOnGeneratedPolicyStreams() {
        Random random = new Random(20261202);
        Set<Decision.Reason> seen = EnumSet.noneOf(Decision.Reason.class);
        Set<String> cells = new HashSet<>();
        int compared = 0;
        int restarts = 0;
        int quarantined = 0;
        for (int stream = 0; stream < 30; stream++) {
            List<Tenant> tenants = List.of(new Tenant(random), new Tenant(random), new Tenant(random));
            List<Record> log = new ArrayList<>();
            Map<UUID, Long> versions = new HashMap<>();
            Map<String, byte[]> lastRecords = new HashMap<>();
            RuleStore[] running = {new RuleStore(Clock.systemUTC())};
            Consumer<Record> send = record -> {
                log.add(record);
                if (record.value() != null) {
                    lastRecords.put(record.key(), record.value());
                }
                running[0].apply(reader.read(record.key(), record.value()), "stream@" + log.size());
            };
            for (Tenant tenant : tenants) {
                send.accept(new Record(
                        tenant.environment.toString(),
                        RuleRecords.environment(tenant.environment, tenant.org, tenant.project, 1)));
                if (tenant.denyRule != null) {
                    send.accept(new Record(
                            tenant.denyRule.id().toString(), RuleRecords.rule(tenant.denyRule, tenant.org, 1)));
                }
            }
            for (int batch = 0; batch < 10; batch++) {
                int events = 1 + random.nextInt(batch == 0 ? 30 : 8);
                for (int e = 0; e < events; e++) {
                    nextEvent(random, tenants.get(random.nextInt(tenants.size())), versions, lastRecords, send);
                }
                if (random.nextInt(4) == 0) {
                    running[0] = new RuleStore(Clock.systemUTC());
                    for (Record record : log) {
                        running[0].apply(reader.read(record.key(), record.value()), "replay");
                    }
                    restarts++;
                }
                RuleStore store = running[0];
                store.publish();
                Snapshot snapshot = store.snapshot();
                quarantined += snapshot.quarantined().size();
                Decider decider = new Decider(new ChainTables(store::snapshot, 1, 10_000_000, Runnable::run));
                for (Tenant tenant : tenants) {
                    PolicySet set = tenant.set();
                    List<UUID> groupIds = List.copyOf(tenant.groups.keySet());
                    boolean closed = !tenant.closedBy.isEmpty();
                    for (int q = 0; q < 25; q++) {
                        IdentityRequest identity =
                                random.nextInt(10) == 0 ? null : GeneratedPolicies.identityRequest(random, groupIds);
                        IpAddress client = Addresses.parseAddress(GeneratedPolicies.client(random));
                        Instant now = GeneratedPolicies.time(random);
                        Decision ip = AccessModel.decide(tenant.chain(), client, null, now);
                        Decision want;
                        if (identity == null || ip.action() == Action.DENY) {
                            want = ip;
                        } else if (closed) {
                            want = Decider.RULES_UNAVAILABLE;
                        } else {
                            PolicyRequest request = identity.at(client, now);
                            want = PolicyModel.decide(ip, set, request);
                            PolicyModel.evaluate(set, request)
                                    .considered()
                                    .forEach(c -> cells.add(GeneratedPolicies.cell(c, set)));
                        }
                        Decision got = decider.decide(
                                snapshot,
                                snapshot.environment(tenant.environment),
                                client,
                                null,
                                Liveness.micros(now),
                                identity);
                        assertThat(got)
                                .as(
                                        "stream %d batch %d org %s client %s identity %s at %s, policies %s,"
                                                + " quarantined %s, expected closed by %s",
                                        stream,
                                        batch,
                                        tenant.org,
                                        client,
                                        identity,
                                        now,
                                        set,
                                        snapshot.quarantined(),
                                        tenant.closedBy)
                                .isEqualTo(want);
                        seen.add(got.reason());
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(30 * 10 * 3 * 25);
        assertThat(restarts).isGreaterThan(30);
        assertThat(quarantined).isGreaterThan(50);
        assertThat(seen)
                .containsAll(EnumSet.of(
                        Decision.Reason.POLICY_ALLOW,
                        Decision.Reason.POLICY_DENY,
                        Decision.Reason.NO_POLICY,
                        Decision.Reason.RULES_UNAVAILABLE,
                        Decision.Reason.DENY_RULE,
                        Decision.Reason.NO_RULES));
        assertThat(cells).containsExactlyInAnyOrderElementsOf(GeneratedPolicies.allCells());
    }

    /**
     * One record for a tenant: a new group, admission rule or policy (a policy may name a rule that
     * comes later), a new version of one, a deletion with its tombstone, the same record again, or a
     * malformed one (which closes the tenant's identity requests until a valid record of it follows).
     */
    private static void nextEvent(
            Random random,
            Tenant tenant,
            Map<UUID, Long> versions,
            Map<String, byte[]> lastRecords,
            Consumer<Record> out) {
        List<UUID> existing = new ArrayList<>();
        existing.addAll(tenant.policies.keySet());
        existing.addAll(tenant.groups.keySet());
        existing.addAll(tenant.rules.keySet());
        int kind = random.nextInt(24);
        if (existing.isEmpty() || kind < 9) {
            int what = random.nextInt(3);
            if (what == 0) {
                UUID id = GeneratedPolicies.uuid(random);
                PolicyGroupState group = GeneratedPolicies.group(random, tenant.org, id);
                tenant.groups.put(id, group);
                versions.put(id, 1L);
                out.accept(new Record(id.toString(), RuleRecords.policyGroup(group, 1)));
            } else if (what == 1) {
                UUID id = tenant.futureRules.isEmpty() ? GeneratedPolicies.uuid(random) : tenant.futureRules.remove(0);
                AdmissionRuleState rule = GeneratedPolicies.admissionRule(random, tenant.org, id);
                tenant.rules.put(id, rule);
                versions.put(id, 1L);
                out.accept(new Record(id.toString(), RuleRecords.admissionRule(rule, 1)));
            } else {
                List<UUID> ruleIds = new ArrayList<>(tenant.rules.keySet());
                if (random.nextInt(6) == 0) {
                    UUID later = GeneratedPolicies.uuid(random);
                    tenant.futureRules.add(later);
                    ruleIds = List.of(later);
                }
                UUID id = GeneratedPolicies.uuid(random);
                PolicyState policy =
                        GeneratedPolicies.policy(random, tenant.org, id, List.copyOf(tenant.groups.keySet()), ruleIds);
                tenant.policies.put(id, policy);
                versions.put(id, 1L);
                out.accept(new Record(id.toString(), RuleRecords.policy(policy, 1)));
            }
            return;
        }
        UUID id = existing.get(random.nextInt(existing.size()));
        String key = id.toString();
        if (kind == 9) {
            out.accept(new Record(key, lastRecords.get(key)));
            return;
        }
        long version = versions.merge(id, 1L, Long::sum);
        EntityType type = tenant.policies.containsKey(id)
                ? EntityType.policy
                : tenant.groups.containsKey(id) ? EntityType.policyGroup : EntityType.admissionRule;
        Object current = tenant.policies.containsKey(id)
                ? tenant.policies.get(id)
                : tenant.groups.containsKey(id) ? tenant.groups.get(id) : tenant.rules.get(id);
        switch (kind) {
            case 10, 11, 12, 13, 14, 15, 16, 17 -> {
                Object next;
                if (type == EntityType.policy) {
                    PolicyState policy = GeneratedPolicies.policy(
                            random,
                            tenant.org,
                            id,
                            List.copyOf(tenant.groups.keySet()),
                            List.copyOf(tenant.rules.keySet()));
                    tenant.policies.put(id, policy);
                    next = policy;
                } else if (type == EntityType.policyGroup) {
                    PolicyGroupState group = GeneratedPolicies.group(random, tenant.org, id);
                    tenant.groups.put(id, group);
                    next = group;
                } else {
                    AdmissionRuleState rule = GeneratedPolicies.admissionRule(random, tenant.org, id);
                    tenant.rules.put(id, rule);
                    next = rule;
                }
                tenant.closedBy.remove(key);
                out.accept(new Record(key, RuleRecords.policyEntity(type, id, tenant.org, next, version, false)));
            }
            case 18, 19, 20, 21 -> {
                tenant.policies.remove(id);
                tenant.groups.remove(id);
                tenant.rules.remove(id);
                tenant.closedBy.remove(key);
                out.accept(new Record(key, RuleRecords.policyEntity(type, id, tenant.org, current, version, true)));
                out.accept(new Record(key, null));
            }
            default -> {
                // malformed: the last valid version stays, the tenant's identity requests close
                tenant.closedBy.add(key);
                byte[] valid = RuleRecords.policyEntity(type, id, tenant.org, current, version, false);
                out.accept(new Record(key, RuleRecords.edited(valid, malformation(random, type))));
            }
        }
    }

    private static Consumer<ObjectNode> malformation(Random random, EntityType type) {
        int which = random.nextInt(3);
        return event -> {
            ObjectNode entity = (ObjectNode) event.get("entity");
            switch (type) {
                case policy -> {
                    switch (which) {
                        case 0 -> entity.put("type", "WEIRD");
                        case 1 -> entity.putArray("sourceIps").add("010.0.0.1");
                        default ->
                            entity.put("mode", "LOCAL").putArray("gateways").add("g1");
                    }
                }
                case policyGroup -> {
                    switch (which) {
                        case 0 -> entity.put("maxDevices", 5000);
                        case 1 -> entity.putArray("idpMapping").addNull();
                        default -> entity.remove("orgId");
                    }
                }
                default -> {
                    switch (which) {
                        case 0 -> entity.put("rule", "user.departmnt == 'x'");
                        case 1 -> entity.put("type", "MAYBE");
                        default ->
                            entity.put("hasTimeConstraint", true)
                                    .putObject("timeWindow")
                                    .put("timeZone", "Mars/Base");
                    }
                }
            }
        };
    }
}
