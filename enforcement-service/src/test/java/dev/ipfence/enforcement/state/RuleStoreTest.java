package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.decisions.Decider;
import dev.ipfence.testing.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rule store applies records, quarantines what it cannot apply, and publishes whole snapshots. */
class RuleStoreTest {

    private static final Instant NOW = StoreDecisions.NOW;

    private final RuleEventReader reader = new RuleEventReader(EventJson.MAPPER);
    private RuleStore store = new RuleStore(Clock.systemUTC());
    private long offset;

    private final Tenant first = new Tenant();
    private final Tenant second = new Tenant();

    /** An organization with one project and two environments. */
    private final class Tenant {
        final UUID org = UUID.randomUUID();
        final UUID project = UUID.randomUUID();
        final UUID env = UUID.randomUUID();
        final UUID otherEnv = UUID.randomUUID();

        void create() {
            send(env.toString(), RuleRecords.environment(env, org, project, 1));
            send(otherEnv.toString(), RuleRecords.environment(otherEnv, org, project, 1));
        }

        Rule rule(Scope scope, String cidr, Action action) {
            UUID scopeId = switch (scope) {
                case ORG -> org;
                case PROJECT -> project;
                case ENVIRONMENT -> env;
            };
            return new Rule(
                    UUID.randomUUID(),
                    scope,
                    scopeId,
                    Addresses.parseNetwork(cidr),
                    action,
                    Set.of(),
                    true,
                    null,
                    NOW.minusSeconds(60));
        }

        Rule put(Scope scope, String cidr, Action action) {
            Rule rule = rule(scope, cidr, action);
            send(rule.id().toString(), RuleRecords.rule(rule, org, 1));
            return rule;
        }

        Decision decide(UUID environment, String ip) {
            return StoreDecisions.decide(store, environment, ip);
        }
    }

    private void send(String key, byte[] value) {
        store.apply(reader.read(key, value), "test-0@" + offset++);
    }

    @Test
    void aBatchBecomesVisibleOnlyWholeWhenPublished() {
        first.create();
        first.put(Scope.ENVIRONMENT, "203.0.113.0/24", Action.ALLOW);
        Rule deny = first.put(Scope.ORG, "203.0.113.66/32", Action.DENY);
        assertThat(store.snapshot().environment(first.env))
                .as("nothing of a batch is visible before it is published")
                .isNull();
        assertThat(store.snapshot().compiled(Scope.ORG, first.org).size()).isZero();

        store.publish();

        assertThat(first.decide(first.env, "203.0.113.66")).isEqualTo(deny);
        assertThat(first.decide(first.env, "203.0.113.5").reason()).isEqualTo(Decision.Reason.ALLOW_RULE);
        assertThat(first.decide(first.env, "198.51.100.1").reason()).isEqualTo(Decision.Reason.NOT_ALLOWLISTED);
    }

    @Test
    void ruleExpiringBeyondTheMatcherClockFailsClosedOnlyItsOrganization() {
        first.create();
        second.create();
        first.put(Scope.ENVIRONMENT, "203.0.113.0/24", Action.ALLOW);
        second.put(Scope.ENVIRONMENT, "203.0.113.0/24", Action.ALLOW);
        Rule poison = first.rule(Scope.ORG, "192.0.2.1/32", Action.DENY);
        send(poison.id().toString(), RuleRecords.expiringBeyondTheMatcherClock(poison, first.org, 1));
        store.publish();
        Rule laterDeny = second.put(Scope.ORG, "203.0.113.9/32", Action.DENY);
        store.publish();

        assertThat(first.decide(first.env, "203.0.113.5")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(first.decide(first.otherEnv, "198.51.100.1")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(second.decide(second.env, "203.0.113.9")).isEqualTo(laterDeny);
        assertThat(second.decide(second.env, "203.0.113.5").reason()).isEqualTo(Decision.Reason.ALLOW_RULE);
        assertThat(second.decide(second.env, "198.51.100.1").reason()).isEqualTo(Decision.Reason.NOT_ALLOWLISTED);
        assertThat(store.snapshot().quarantined()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(poison.id().toString());
            assertThat(record.failsClosed()).isEqualTo(first.org);
            assertThat(record.reason()).contains("expiresAt");
            assertThat(record.source()).startsWith("test-0@");
        });

        // deleting the rule mends the organization, and its allow list applies again
        send(poison.id().toString(), RuleRecords.deletedRule(poison, first.org, 2));
        send(poison.id().toString(), null);
        store.publish();
        assertThat(store.snapshot().quarantined()).isEmpty();
        assertThat(first.decide(first.env, "203.0.113.5").reason()).isEqualTo(Decision.Reason.ALLOW_RULE);
        assertThat(first.decide(first.env, "198.51.100.1").reason()).isEqualTo(Decision.Reason.NOT_ALLOWLISTED);
    }

    @Test
    void unreadableRuleFailsClosedOnlyItsScopeUntilAValidVersionReplacesIt() {
        first.create();
        second.create();
        Rule deny = first.put(Scope.ENVIRONMENT, "10.0.0.0/8", Action.DENY);
        second.put(Scope.ENVIRONMENT, "10.0.0.0/8", Action.DENY);
        store.publish();
        send(
                deny.id().toString(),
                RuleRecords.ruleEdited(
                        deny,
                        first.org,
                        2,
                        event -> ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("entity"))
                                .put("cidr", "10.0.0.5/8")));
        store.publish();

        assertThat(first.decide(first.env, "192.0.2.1")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(first.decide(first.otherEnv, "192.0.2.1").reason())
                .as("the environment's own rule cannot affect its sibling")
                .isEqualTo(Decision.Reason.NO_RULES);
        assertThat(second.decide(second.env, "10.1.1.1").reason()).isEqualTo(Decision.Reason.DENY_RULE);

        send(deny.id().toString(), RuleRecords.rule(deny, first.org, 3));
        store.publish();
        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(deny);
        assertThat(first.decide(first.env, "192.0.2.1").reason()).isEqualTo(Decision.Reason.NO_RULES);
    }

    @Test
    void recordThatIsNotJsonIsQuarantinedWithTheScopeTheStoreKnows() {
        first.create();
        Rule deny = first.put(Scope.PROJECT, "10.0.0.0/8", Action.DENY);
        store.publish();
        send(deny.id().toString(), "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        send("not-a-uuid", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.publish();

        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(store.snapshot().quarantined())
                .extracting(QuarantinedRecord::key, QuarantinedRecord::failsClosed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(deny.id().toString(), first.project),
                        org.assertj.core.groups.Tuple.tuple("not-a-uuid", null));
    }

    @Test
    void aTombstoneUnderAnotherSpellingOfAnIdDeletesNothing() {
        first.create();
        Rule deny = first.put(Scope.ENVIRONMENT, "10.0.0.0/8", Action.DENY);
        UUID zero = new UUID(0, 0);
        send(zero.toString(), RuleRecords.environment(zero, first.org, first.project, 1));
        store.publish();
        // UUID.fromString reads both as the ids, but compaction keeps the records under their own
        // keys: deleting the rule here would let 10.0.0.0/8 in until the next full replay
        send(deny.id().toString().toUpperCase(java.util.Locale.ROOT), null);
        send("0-0-0-0-0", null);
        store.publish();

        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(deny);
        assertThat(store.snapshot().environment(zero)).isNotNull();
        assertThat(store.snapshot().quarantined()).isEmpty();
    }

    @Test
    void aRecordUnderAnotherSpellingOfAnIdIsQuarantinedUntilItsOwnKeyIsDeleted() {
        first.create();
        second.create();
        Rule deny = first.put(Scope.ENVIRONMENT, "10.0.0.0/8", Action.DENY);
        second.put(Scope.ENVIRONMENT, "10.0.0.0/8", Action.DENY);
        store.publish();
        String upperCase = deny.id().toString().toUpperCase(java.util.Locale.ROOT);
        send(upperCase, RuleRecords.deletedRule(deny, first.org, 2));
        store.publish();

        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(first.decide(first.otherEnv, "10.1.1.1").reason()).isEqualTo(Decision.Reason.NO_RULES);
        assertThat(second.decide(second.env, "10.1.1.1").reason()).isEqualTo(Decision.Reason.DENY_RULE);
        assertThat(store.snapshot().quarantined()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(upperCase);
            assertThat(record.failsClosed()).isEqualTo(first.env);
            assertThat(record.reason()).contains("not an entity id as rule-service writes it");
        });

        // the rule's own records are another key: they do not end it
        send(deny.id().toString(), RuleRecords.rule(deny, first.org, 3));
        store.publish();
        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(Decider.RULES_UNAVAILABLE);

        // a tombstone under the same key removes the refused record from the topic, and here
        send(upperCase, null);
        store.publish();
        assertThat(store.snapshot().quarantined()).isEmpty();
        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(deny);
    }

    @Test
    void aRecordUnderAnotherSpellingOfAnIdClosesTheSameWhicheverPartitionCameFirst() {
        // the two keys sit on different partitions: a restart may read them in either order
        first.create();
        Rule allow = first.rule(Scope.ENVIRONMENT, "10.0.0.0/8", Action.ALLOW);
        send(allow.id().toString(), RuleRecords.rule(allow, first.org, 1));
        Rule deny = first.rule(Scope.ENVIRONMENT, "10.2.2.2/32", Action.DENY);
        String upperCase = deny.id().toString().toUpperCase(java.util.Locale.ROOT);
        send(deny.id().toString(), RuleRecords.rule(deny, first.org, 1));
        send(upperCase, "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.publish();
        Decision denyFirst = first.decide(first.env, "10.2.2.2");
        Decision otherFirst = first.decide(first.env, "10.9.9.9");

        store = new RuleStore(Clock.systemUTC());
        first.create();
        send(allow.id().toString(), RuleRecords.rule(allow, first.org, 1));
        send(upperCase, "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        send(deny.id().toString(), RuleRecords.rule(deny, first.org, 1));
        store.publish();

        assertThat(first.decide(first.env, "10.2.2.2")).isEqualTo(denyFirst).isEqualTo(deny);
        assertThat(first.decide(first.env, "10.9.9.9")).isEqualTo(otherFirst).isEqualTo(allow);
        assertThat(store.snapshot().quarantined())
                .singleElement()
                .satisfies(record -> assertThat(record.failsClosed())
                        .as("a key that is no id names no entity: what it closes comes from its bytes alone")
                        .isNull());
    }

    @Test
    void aRefusedRecordNeverEndsTheQuarantineOfAnother() {
        first.create();
        first.put(Scope.ENVIRONMENT, "10.0.0.0/8", Action.ALLOW);
        Rule deny = first.rule(Scope.ENVIRONMENT, "10.1.1.1/32", Action.DENY);
        send(deny.id().toString(), RuleRecords.expiringBeyondTheMatcherClock(deny, first.org, 1));
        store.publish();
        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(Decider.RULES_UNAVAILABLE);

        // under another spelling of its id: garbage, an API key's record, a tombstone; under its
        // own key: an API key's record that cannot be read
        String upperCase = deny.id().toString().toUpperCase(java.util.Locale.ROOT);
        byte[] apiKey = "{\"entityType\":\"apiKey\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        send(upperCase, "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        send(upperCase, apiKey);
        send(upperCase, null);
        send(deny.id().toString(), apiKey);
        store.publish();

        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(store.snapshot().quarantined())
                .extracting(QuarantinedRecord::key)
                .containsExactly(deny.id().toString());
    }

    @Test
    void unknownFieldsAndEntityTypesFromANewerRuleServiceAreIgnored() {
        first.create();
        Rule deny = first.rule(Scope.ENVIRONMENT, "10.0.0.0/8", Action.DENY);
        send(deny.id().toString(), RuleRecords.ruleEdited(deny, first.org, 1, event -> {
            event.put("schemaHint", "v1.1");
            ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("entity"))
                    .put("riskScore", 7)
                    .putObject("source")
                    .put("kind", "threat-feed");
        }));
        send(
                UUID.randomUUID().toString(),
                ("{\"entityType\":\"webhook\",\"version\":1,\"orgId\":\"" + first.org
                                + "\",\"entity\":{\"name\":\"p\"}}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.publish();

        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(deny);
        assertThat(store.snapshot().quarantined()).isEmpty();
    }

    @Test
    void scopeThatFailsToCompileFailsClosedUntilItChanges() {
        UUID[] failing = {null};
        store = new RuleStore(Clock.systemUTC()) {
            @Override
            protected CompiledScope compile(Scope scope, Collection<Rule> rules) {
                if (rules.stream().anyMatch(rule -> rule.scopeId().equals(failing[0]))) {
                    throw new IllegalStateException("compiler failure");
                }
                return super.compile(scope, rules);
            }
        };
        first.create();
        second.create();
        failing[0] = first.org;
        first.put(Scope.ORG, "10.0.0.0/8", Action.DENY);
        Rule other = second.put(Scope.ORG, "10.0.0.0/8", Action.DENY);
        store.publish();

        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(first.decide(first.otherEnv, "192.0.2.1")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(second.decide(second.env, "10.1.1.1")).isEqualTo(other);

        failing[0] = null;
        Rule allow = first.put(Scope.ORG, "10.1.0.0/16", Action.ALLOW);
        store.publish();
        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(allow);
        assertThat(first.decide(first.env, "10.2.1.1").reason()).isEqualTo(Decision.Reason.DENY_RULE);
    }

    @Test
    void environmentWithoutProjectFailsClosedThatEnvironment() {
        first.create();
        first.put(Scope.ENVIRONMENT, "10.0.0.0/8", Action.DENY);
        store.publish();
        send(
                first.env.toString(),
                ("{\"entityType\":\"environment\",\"version\":2,\"orgId\":\"" + first.org + "\",\"entity\":{\"id\":\""
                                + first.env + "\",\"orgId\":\"" + first.org + "\"}}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        store.publish();

        assertThat(first.decide(first.env, "192.0.2.1")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(first.decide(first.otherEnv, "192.0.2.1").reason()).isEqualTo(Decision.Reason.NO_RULES);
    }

    @Test
    void replayAfterResetSeesEveryRecordOnceAndEndsAsTheFirstPass() {
        first.create();
        Rule deny = first.rule(Scope.ENVIRONMENT, "10.0.0.0/8", Action.DENY);
        byte[] broken = RuleRecords.ruleEdited(
                deny,
                first.org,
                1,
                event -> ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("entity")).put("action", "maybe"));
        send(deny.id().toString(), broken);
        send(deny.id().toString(), RuleRecords.rule(deny, first.org, 2));
        first.put(Scope.ORG, "192.0.2.0/24", Action.DENY);
        store.publish();
        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(deny);

        // a replay from offset 0 after a failure half-way: the same records again, from nothing
        store.reset();
        send(deny.id().toString(), broken);
        send(deny.id().toString(), RuleRecords.rule(deny, first.org, 2));
        send(first.env.toString(), RuleRecords.environment(first.env, first.org, first.project, 1));
        store.publish();

        assertThat(store.snapshot().quarantined()).isEmpty();
        assertThat(first.decide(first.env, "10.1.1.1")).isEqualTo(deny);
        assertThat(first.decide(first.env, "192.0.2.1").reason())
                .as("a rule the replay has not reached again is not kept")
                .isEqualTo(Decision.Reason.NO_RULES);
        assertThat(store.snapshot().environment(first.otherEnv)).isNull();
    }
}
