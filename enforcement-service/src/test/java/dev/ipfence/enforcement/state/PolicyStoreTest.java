package dev.ipfence.enforcement.state;

import static dev.ipfence.core.policy.Policies.admission;
import static dev.ipfence.core.policy.Policies.group;
import static dev.ipfence.core.policy.Policies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.ChangeEvent.EntityType;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Decision.Reason;
import dev.ipfence.core.policy.CompiledPolicies;
import dev.ipfence.core.policy.Identity;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.core.policy.Policies;
import dev.ipfence.core.policy.PolicySet;
import dev.ipfence.core.policy.ResourceRef;
import dev.ipfence.enforcement.decisions.Decider;
import dev.ipfence.testing.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The store keeps each organization's policies compiled, and fails closed for the identity requests of one. */
class PolicyStoreTest {

    private static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");
    private static final IdentityRequest ALICE = new IdentityRequest(
            new Identity(new Identity.User("alice", "a@example.com", List.of("eng"), "engineering", Map.of()), null),
            new ResourceRef("res-1", null),
            null,
            "GET",
            "/");

    private final RuleEventReader reader = new RuleEventReader(EventJson.MAPPER);
    private final List<PolicySet> compiled = new ArrayList<>();
    private final RuleStore store = new RuleStore(Clock.systemUTC()) {
        @Override
        protected CompiledPolicies compilePolicies(PolicySet set) {
            compiled.add(set);
            if (set.policies().stream().anyMatch(p -> "uncompilable".equals(p.name()))) {
                throw new IllegalStateException("the compiler failed");
            }
            return super.compilePolicies(set);
        }
    };
    private long offset;

    private final Tenant first = new Tenant();
    private final Tenant second = new Tenant();

    private final class Tenant {
        final UUID org = UUID.randomUUID();
        final UUID project = UUID.randomUUID();
        final UUID env = UUID.randomUUID();

        Tenant() {
            send(env.toString(), RuleRecords.environment(env, org, project, 1));
        }

        PolicyState allowAll(UUID rule) {
            Policies.PolicyBuilder p = policy();
            p.orgId = org;
            p.resources.add("res-1");
            p.allUsers = true;
            p.rule = rule;
            PolicyState state = p.build();
            send(state.id().toString(), RuleRecords.policy(state, 1));
            return state;
        }

        Decision decide(IdentityRequest identity) {
            Snapshot snapshot = store.snapshot();
            return new Decider(new ChainTables(store::snapshot, 1, 1_000_000, Runnable::run))
                    .decide(
                            snapshot,
                            snapshot.environment(env),
                            Addresses.parseAddress("192.0.2.1"),
                            null,
                            Liveness.micros(NOW),
                            identity);
        }
    }

    private void send(String key, byte[] value) {
        store.apply(reader.read(key, value), "test-0@" + offset++);
    }

    private static Decision allowedBy(PolicyState policy) {
        return Decision.byPolicy(Action.ALLOW, Reason.POLICY_ALLOW, policy.id(), policy.rule());
    }

    @Test
    void aMalformedPolicyRecordClosesOnlyItsOrganizationsIdentityRequests() {
        PolicyState mine = first.allowAll(null);
        PolicyState theirs = second.allowAll(null);
        store.publish();
        assertThat(first.decide(ALICE)).isEqualTo(allowedBy(mine));

        byte[] broken = RuleRecords.edited(
                RuleRecords.policy(mine, 2),
                event -> ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("entity"))
                        .putArray("sourceIps")
                        .add("10.0.0.5/24"));
        send(mine.id().toString(), broken);
        store.publish();
        assertThat(first.decide(ALICE)).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(first.decide(null).reason()).as("without an identity").isEqualTo(Reason.NO_RULES);
        assertThat(second.decide(ALICE)).isEqualTo(allowedBy(theirs));
        assertThat(store.snapshot().quarantined()).singleElement().satisfies(record -> {
            assertThat(record.entityType()).isEqualTo("policy");
            assertThat(record.failsClosed()).isEqualTo(first.org);
            assertThat(record.reason()).contains("did you mean 10.0.0.0/24?");
        });
        assertThat(store.snapshot().unavailable()).as("no IP chain closes").isEmpty();

        // a later valid record of the policy mends it
        send(mine.id().toString(), RuleRecords.policy(mine, 3));
        store.publish();
        assertThat(first.decide(ALICE)).isEqualTo(allowedBy(mine));
        assertThat(store.snapshot().quarantined()).isEmpty();
    }

    @Test
    void anUnreadableRecordOfAKnownPolicyClosesIdentityRequestsNotChains() {
        PolicyState mine = first.allowAll(null);
        store.publish();
        send(mine.id().toString(), "{not json".getBytes(StandardCharsets.UTF_8));
        store.publish();
        assertThat(first.decide(ALICE)).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(first.decide(null).reason()).isEqualTo(Reason.NO_RULES);
        assertThat(store.snapshot().policiesUnavailable()).containsExactly(first.org);
    }

    @Test
    void aBadConditionOrWindowOrTypeIsQuarantined() {
        UUID rule = UUID.randomUUID();
        AdmissionRuleState valid = admission(rule, first.org, "ALLOW", "true", null);
        for (var change : List.<java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode>>of(
                entity -> entity.put("rule", "user.departmnt == 'x'"),
                entity -> entity.put("rule", "request.ip.inCidr('010.0.0.0/8')"),
                entity -> entity.put("type", "SOMETIMES"),
                entity -> entity.put("hasTimeConstraint", true),
                entity -> entity.put("hasTimeConstraint", true)
                        .putObject("timeWindow")
                        .put("startTime", "09:00")
                        .put("endTime", "09:00")
                        .put("timeZone", "UTC")
                        .putArray("daysOfWeek")
                        .add("MONDAY"))) {
            send(
                    rule.toString(),
                    RuleRecords.edited(
                            RuleRecords.admissionRule(valid, 1),
                            event -> change.accept(
                                    (com.fasterxml.jackson.databind.node.ObjectNode) event.get("entity"))));
            store.publish();
            assertThat(store.snapshot().policiesUnavailable()).containsExactly(first.org);
        }
        send(rule.toString(), RuleRecords.admissionRule(valid, 1));
        store.publish();
        assertThat(store.snapshot().policiesUnavailable()).isEmpty();
    }

    @Test
    void aPolicyArrivingBeforeItsAdmissionRuleDeniesUntilTheRuleArrives() {
        UUID rule = UUID.randomUUID();
        PolicyState policy = first.allowAll(rule);
        store.publish();
        assertThat(first.decide(ALICE))
                .isEqualTo(Decision.byPolicy(Action.DENY, Reason.POLICY_DENY, policy.id(), rule));
        send(rule.toString(), RuleRecords.admissionRule(admission(rule, first.org, "ALLOW", "true", null), 1));
        store.publish();
        assertThat(first.decide(ALICE)).isEqualTo(allowedBy(policy));
    }

    @Test
    void aPolicyNamingAGroupStillToComeDeniesUntilItComes() {
        UUID engineering = UUID.randomUUID();
        Policies.PolicyBuilder p = policy();
        p.orgId = first.org;
        p.resources.add("res-1");
        p.groups.add(engineering);
        PolicyState policy = p.build();
        send(policy.id().toString(), RuleRecords.policy(policy, 1));
        store.publish();
        assertThat(first.decide(ALICE).reason()).isEqualTo(Reason.POLICY_DENY);
        send(engineering.toString(), RuleRecords.policyGroup(group(engineering, first.org, false, "eng"), 1));
        store.publish();
        assertThat(first.decide(ALICE)).isEqualTo(allowedBy(policy));
    }

    @Test
    void deletionsAndTombstonesRemovePolicies() {
        PolicyState policy = first.allowAll(null);
        store.publish();
        assertThat(first.decide(ALICE).reason()).isEqualTo(Reason.POLICY_ALLOW);
        send(
                policy.id().toString(),
                RuleRecords.policyEntity(EntityType.policy, policy.id(), first.org, policy, 2, true));
        send(policy.id().toString(), null);
        store.publish();
        assertThat(first.decide(ALICE).reason())
                .as("no policy covers: the IP decision")
                .isEqualTo(Reason.NO_RULES);
        assertThat(store.snapshot().policies()).isEmpty();

        // a tombstone alone (compaction dropped the deletion) forgets it too
        PolicyState again = first.allowAll(null);
        store.publish();
        send(again.id().toString(), null);
        store.publish();
        assertThat(first.decide(ALICE).reason()).isEqualTo(Reason.NO_RULES);
    }

    @Test
    void onlyTheOrganizationsABatchTouchedAreCompiledOncePerPublish() {
        first.allowAll(null);
        first.allowAll(null);
        second.allowAll(null);
        store.publish();
        assertThat(compiled).hasSize(2);
        compiled.clear();
        first.allowAll(null);
        store.publish();
        assertThat(compiled)
                .singleElement()
                .satisfies(set -> assertThat(set.policies())
                        .hasSize(3)
                        .allMatch(p -> p.orgId().equals(first.org)));
        compiled.clear();
        store.publish();
        for (int i = 0; i < 5; i++) {
            first.decide(ALICE);
        }
        assertThat(compiled).as("decisions compile nothing").isEmpty();
    }

    @Test
    void anOrganizationWhosePoliciesDoNotCompileFailsClosedForIdentityRequests() {
        Policies.PolicyBuilder p = policy();
        p.orgId = first.org;
        p.allResources = true;
        p.allUsers = true;
        PolicyState bad = new PolicyState(
                p.id,
                p.orgId,
                "uncompilable",
                "",
                p.groups,
                p.users,
                p.devices,
                p.resources,
                p.gateways,
                false,
                true,
                false,
                true,
                p.sourceIps,
                "PRIVATE",
                null,
                true,
                null,
                NOW,
                NOW,
                "t",
                "t",
                1);
        send(bad.id().toString(), RuleRecords.policy(bad, 1));
        PolicyState theirs = second.allowAll(null);
        store.publish();
        assertThat(first.decide(ALICE)).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(first.decide(null).reason()).isEqualTo(Reason.NO_RULES);
        assertThat(second.decide(ALICE)).isEqualTo(allowedBy(theirs));
        send(bad.id().toString(), RuleRecords.policyEntity(EntityType.policy, bad.id(), first.org, bad, 2, true));
        store.publish();
        assertThat(first.decide(ALICE).reason()).isEqualTo(Reason.NO_RULES);
    }

    @Test
    void aReplayRebuildsTheSamePolicies() {
        PolicyState policy = first.allowAll(null);
        store.publish();
        store.reset();
        send(first.env.toString(), RuleRecords.environment(first.env, first.org, first.project, 1));
        send(policy.id().toString(), RuleRecords.policy(policy, 1));
        store.publish();
        assertThat(first.decide(ALICE)).isEqualTo(allowedBy(policy));
        store.reset();
        send(first.env.toString(), RuleRecords.environment(first.env, first.org, first.project, 1));
        store.publish();
        assertThat(first.decide(ALICE).reason()).isEqualTo(Reason.NO_RULES);
    }
}
