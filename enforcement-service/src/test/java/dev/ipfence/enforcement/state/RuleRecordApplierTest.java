package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord;
import dev.ipfence.enforcement.checkpoint.LatestRecords;
import dev.ipfence.enforcement.decisions.Decider;
import dev.ipfence.testing.EventJson;
import dev.ipfence.web.apikeys.ApiKeyDirectory;
import dev.ipfence.web.apikeys.ApiKeyTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Records of the rules topic reach the rule store and the API key table, in order. */
class RuleRecordApplierTest {

    private final RuleStore store = new RuleStore(Clock.systemUTC());
    private final ApiKeyTable apiKeys = new ApiKeyTable(EventJson.MAPPER);
    private final LatestRecords latest = new LatestRecords();
    private final UUID org = UUID.randomUUID();
    private final UUID project = UUID.randomUUID();
    private final UUID env = UUID.randomUUID();
    private long offset;

    private RuleRecordApplier applier(boolean keepLatest) {
        return new RuleRecordApplier(store, new RuleEventReader(EventJson.MAPPER), apiKeys, latest, keepLatest);
    }

    private CheckpointRecord record(UUID key, byte[] value) {
        return new CheckpointRecord(0, offset++, key.toString(), value);
    }

    private Rule rule(String cidr) {
        return rule(UUID.randomUUID(), cidr, Action.DENY);
    }

    /** A rule of the environment with the given id, block and action. */
    private Rule rule(UUID id, String cidr, Action action) {
        return new Rule(
                id,
                Scope.ENVIRONMENT,
                env,
                Addresses.parseNetwork(cidr),
                action,
                Set.of(),
                true,
                null,
                Instant.parse("2026-06-01T00:00:00Z"));
    }

    @Test
    void appliesRulesAndCountsEveryRecord() {
        RuleRecordApplier applier = applier(false);
        Rule rule = rule("10.0.0.0/8");
        applier.apply(List.of(
                record(env, RuleRecords.environment(env, org, project, 1)),
                record(rule.id(), RuleRecords.rule(rule, org, 1))));
        store.publish();
        assertThat(store.snapshot().ruleCount()).isEqualTo(1);
        assertThat(applier.applied()).isEqualTo(2);
        assertThat(latest.records()).isEmpty();
    }

    @Test
    void aBatchReadOnAllCoresAppliesEveryRecord() {
        RuleRecordApplier applier = applier(false);
        List<CheckpointRecord> batch = new ArrayList<>();
        batch.add(record(env, RuleRecords.environment(env, org, project, 1)));
        for (int i = 0; i < 600; i++) {
            Rule rule = rule("10." + (i / 256) + "." + (i % 256) + ".0/24");
            batch.add(record(rule.id(), RuleRecords.rule(rule, org, 1)));
        }
        applier.apply(batch);
        store.publish();
        assertThat(store.snapshot().ruleCount()).isEqualTo(600);
        assertThat(applier.applied()).isEqualTo(601);
    }

    @Test
    void keepsTheLatestRecordOfEachEntityForACheckpointWhenAsked() {
        RuleRecordApplier applier = applier(true);
        Rule rule = rule("192.0.2.0/24");
        applier.apply(List.of(
                record(env, RuleRecords.environment(env, org, project, 1)),
                record(rule.id(), RuleRecords.rule(rule, org, 1)),
                record(rule.id(), RuleRecords.rule(rule, org, 2))));
        assertThat(latest.records())
                .extracting(CheckpointRecord::key)
                .containsExactlyInAnyOrder(env.toString(), rule.id().toString());
    }

    @Test
    void aStoreRestoredFromTheLatestRecordsDecidesAsTheStoreThatReadThem() {
        Rule allow = rule(UUID.randomUUID(), "10.0.0.0/8", Action.ALLOW);
        Rule deny = rule("10.1.1.1/32");
        Rule other = rule("10.2.2.2/32");
        String upperCase = other.id().toString().toUpperCase(java.util.Locale.ROOT);
        byte[] apiKey = "{\"entityType\":\"apiKey\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] refusedEdit = RuleRecords.expiringBeyondTheMatcherClock(deny, org, 2);
        // a deny rule refused in a later version, then an API key's record that cannot be read under
        // its key; garbage and a tombstone under another spelling of another rule's id
        applier(true)
                .apply(List.of(
                        record(env, RuleRecords.environment(env, org, project, 1)),
                        record(allow.id(), RuleRecords.rule(allow, org, 1)),
                        record(deny.id(), RuleRecords.rule(deny, org, 1)),
                        record(other.id(), RuleRecords.rule(other, org, 1)),
                        record(deny.id(), refusedEdit),
                        record(deny.id(), apiKey),
                        new CheckpointRecord(
                                0, offset++, upperCase, "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        new CheckpointRecord(0, offset++, upperCase, null)));
        store.publish();

        RuleStore restored = restoredFromTheLatestRecords(new ApiKeyTable(EventJson.MAPPER));

        for (String ip : List.of("10.1.1.1", "10.2.2.2", "10.9.9.9", "192.0.2.1")) {
            assertThat(decide(restored, ip)).as(ip).isEqualTo(decide(store, ip));
        }
        assertThat(decide(store, "10.9.9.9")).isEqualTo(Decider.RULES_UNAVAILABLE);
        assertThat(restored.snapshot().quarantined())
                .extracting(QuarantinedRecord::key)
                .containsExactlyElementsOf(store.snapshot().quarantined().stream()
                        .map(QuarantinedRecord::key)
                        .toList());
    }

    @Test
    void anUnreadableApiKeyRecordUnderARulesIdClosesItsScopeAndARestartKeepsTheRule() {
        Rule deny = rule("10.1.1.1/32");
        applier(true)
                .apply(List.of(
                        record(env, RuleRecords.environment(env, org, project, 1)),
                        record(deny.id(), RuleRecords.rule(deny, org, 1)),
                        record(deny.id(), RuleRecords.unreadableApiKey())));
        store.publish();
        assertThat(decide(store, "10.1.1.1")).isEqualTo(Decider.RULES_UNAVAILABLE);

        RuleStore restored = restoredFromTheLatestRecords(new ApiKeyTable(EventJson.MAPPER));
        assertThat(restored.snapshot().ruleCount()).isEqualTo(1);
        assertThat(decide(restored, "10.1.1.1")).isEqualTo(Decider.RULES_UNAVAILABLE);

        // the rule's next valid version opens the scope again
        applier(true).apply(List.of(record(deny.id(), RuleRecords.rule(deny, org, 2))));
        store.publish();
        assertThat(decide(store, "10.1.1.1").reason()).isEqualTo(Decision.Reason.DENY_RULE);
    }

    @Test
    void aRestartKeepsTheVersionOfAnApiKeyThatAnUnreadableRecordRefused() {
        UUID key = UUID.randomUUID();
        byte[] first = RuleRecords.apiKey(RuleRecords.apiKeyState(key, org, 1), false);
        applier(true)
                .apply(List.of(
                        record(key, first),
                        record(key, RuleRecords.apiKey(RuleRecords.apiKeyState(key, org, 2), false)),
                        record(key, RuleRecords.unreadableApiKey())));
        assertThat(apiKeys.lookup(key)).isInstanceOf(ApiKeyDirectory.Refused.class);

        ApiKeyTable restartedKeys = new ApiKeyTable(EventJson.MAPPER);
        RuleStore restarted = restoredFromTheLatestRecords(restartedKeys);
        // a stale copy of the first version, delivered again after the restart
        new RuleRecordApplier(
                        restarted, new RuleEventReader(EventJson.MAPPER), restartedKeys, new LatestRecords(), false)
                .apply(List.of(record(key, first)));
        assertThat(restartedKeys.lookup(key)).isInstanceOf(ApiKeyDirectory.Refused.class);
    }

    @Test
    void aRecordUnderAnApiKeysIdThatIsNoApiKeyRecordRefusesTheKey() {
        UUID key = UUID.randomUUID();
        applier(false).apply(List.of(record(key, RuleRecords.apiKey(RuleRecords.apiKeyState(key, org, 1), false))));
        assertThat(apiKeys.lookup(key)).isInstanceOf(ApiKeyDirectory.Known.class);
        // its revocation, garbled
        applier(false).apply(List.of(record(key, "{\"entityType\":\"apiK".getBytes(StandardCharsets.UTF_8))));
        assertThat(apiKeys.lookup(key)).isInstanceOf(ApiKeyDirectory.Refused.class);
    }

    @Test
    void aRecordOfAnotherTypeUnderAnApiKeysIdKeepsTheKeyRefusedAfterARestart() {
        UUID key = UUID.randomUUID();
        byte[] valid = RuleRecords.apiKey(RuleRecords.apiKeyState(key, org, 3), false);
        Rule underKeyId = rule(key, "192.0.2.0/24", Action.ALLOW);
        applier(true).apply(List.of(record(key, valid), record(key, RuleRecords.rule(underKeyId, org, 1))));
        assertThat(apiKeys.lookup(key)).isInstanceOf(ApiKeyDirectory.Refused.class);

        ApiKeyTable restartedKeys = new ApiKeyTable(EventJson.MAPPER);
        RuleStore restarted = restoredFromTheLatestRecords(restartedKeys);
        assertThat(restartedKeys.lookup(key)).isInstanceOf(ApiKeyDirectory.Refused.class);
        new RuleRecordApplier(
                        restarted, new RuleEventReader(EventJson.MAPPER), restartedKeys, new LatestRecords(), false)
                .apply(List.of(record(key, valid)));
        assertThat(restartedKeys.lookup(key)).as("a stale copy").isInstanceOf(ApiKeyDirectory.Refused.class);
    }

    @Test
    void aRecordWithANegativeVersionIsRefusedLiveAndAfterARestart() {
        Rule deny = rule("10.1.1.1/32");
        applier(true)
                .apply(List.of(
                        record(env, RuleRecords.environment(env, org, project, 1)),
                        record(deny.id(), RuleRecords.rule(deny, org, 5)),
                        record(deny.id(), "garbage".getBytes(StandardCharsets.UTF_8)),
                        record(deny.id(), RuleRecords.rule(deny, org, -1))));
        store.publish();
        assertThat(decide(store, "10.9.9.9")).isEqualTo(Decider.RULES_UNAVAILABLE);
        RuleStore restored = restoredFromTheLatestRecords(new ApiKeyTable(EventJson.MAPPER));
        assertThat(decide(restored, "10.9.9.9")).isEqualTo(Decider.RULES_UNAVAILABLE);
    }

    @Test
    void aRuleRecordUnderTheIdOfAnEnvironmentDecidesForItsOwnScope() {
        UUID other = UUID.randomUUID();
        Rule deny = rule(other, "10.9.9.9/32", Action.DENY);
        applier(true)
                .apply(List.of(
                        record(env, RuleRecords.environment(env, org, project, 1)),
                        record(other, RuleRecords.environment(other, org, project, 1)),
                        record(other, RuleRecords.rule(deny, org, 2))));
        store.publish();
        assertThat(decide(store, "10.9.9.9").reason()).isEqualTo(Decision.Reason.DENY_RULE);
    }

    @Test
    void aDenyRuleStaysAfterARestartWhenARecordOfAnotherKindFollowsUnderItsId() {
        Rule deny = rule("10.1.1.1/32");
        // an environment's record under the rule's id, in a newer version: the store holds both
        applier(true)
                .apply(List.of(
                        record(env, RuleRecords.environment(env, org, project, 1)),
                        record(deny.id(), RuleRecords.rule(deny, org, 1)),
                        record(deny.id(), RuleRecords.environment(deny.id(), org, project, 2))));
        store.publish();
        assertThat(decide(store, "10.1.1.1").reason()).isEqualTo(Decision.Reason.DENY_RULE);

        RuleStore restored = restoredFromTheLatestRecords(new ApiKeyTable(EventJson.MAPPER));
        assertThat(decide(restored, "10.1.1.1")).isEqualTo(decide(store, "10.1.1.1"));
    }

    @Test
    void aRecordKeptOnlyForTheApiKeyTableDoesNotReachTheStoreAfterARestart() {
        UUID other = UUID.randomUUID();
        Rule allowed = rule(UUID.randomUUID(), "198.51.100.0/24", Action.ALLOW);
        Rule stale = rule(other, "10.9.9.9/32", Action.ALLOW);
        applier(true)
                .apply(List.of(
                        record(env, RuleRecords.environment(env, org, project, 1)),
                        record(allowed.id(), RuleRecords.rule(allowed, org, 1)),
                        record(other, RuleRecords.environment(other, org, project, 1)),
                        // an API key's record under the environment's id: the store refuses it, the
                        // key table takes the key's version
                        record(other, RuleRecords.apiKey(RuleRecords.apiKeyState(other, org, 2), false)),
                        // a rule's record under that id, no newer than the environment: the store
                        // leaves it out, the key table takes it as the key's refusal
                        record(other, RuleRecords.rule(stale, org, 1)),
                        // the environment's next version ends the quarantine
                        record(other, RuleRecords.environment(other, org, project, 2))));
        store.publish();
        assertThat(decide(store, "10.9.9.9").reason()).isEqualTo(Decision.Reason.NOT_ALLOWLISTED);

        ApiKeyTable keys = new ApiKeyTable(EventJson.MAPPER);
        RuleStore restored = restoredFromTheLatestRecords(keys);
        assertThat(decide(restored, "10.9.9.9"))
                .as("the rule record went to the key table only")
                .isEqualTo(decide(store, "10.9.9.9"));
        assertThat(keys.lookup(other)).isNotInstanceOf(ApiKeyDirectory.Known.class);
    }

    @Test
    void aStaleCopyAfterAnApiKeysDeletionDoesNotBringItBack() {
        UUID key = UUID.randomUUID();
        byte[] first = RuleRecords.apiKey(RuleRecords.apiKeyState(key, org, 1), false);
        applier(false)
                .apply(List.of(
                        record(key, first),
                        record(key, RuleRecords.apiKey(RuleRecords.apiKeyState(key, org, 2), true)),
                        record(key, first)));
        assertThat(apiKeys.lookup(key)).isInstanceOf(ApiKeyDirectory.Unknown.class);
    }

    /** A store, and {@code keys}, restored from the latest records kept so far, published. */
    private RuleStore restoredFromTheLatestRecords(ApiKeyTable keys) {
        RuleStore restored = new RuleStore(Clock.systemUTC());
        new RuleRecordApplier(restored, new RuleEventReader(EventJson.MAPPER), keys, new LatestRecords(), false)
                .apply(LatestRecords.inOrder(latest.records()));
        restored.publish();
        return restored;
    }

    private Decision decide(RuleStore from, String ip) {
        return StoreDecisions.decide(from, env, ip);
    }

    @Test
    void aTombstoneForgetsAnApiKeyAtOnce() {
        UUID key = UUID.randomUUID();
        apiKeys.refuse(key, "unreadable");
        assertThat(apiKeys.size()).isEqualTo(1);
        applier(false).apply(List.of(record(key, null)));
        assertThat(apiKeys.size()).isZero();
    }

    @Test
    void resetForgetsRulesKeysAndTheCount() {
        RuleRecordApplier applier = applier(true);
        Rule rule = rule("10.0.0.0/8");
        applier.apply(List.of(
                record(env, RuleRecords.environment(env, org, project, 1)),
                record(rule.id(), RuleRecords.rule(rule, org, 1))));
        apiKeys.refuse(UUID.randomUUID(), "unreadable");
        applier.reset();
        store.publish();
        assertThat(store.snapshot().ruleCount()).isZero();
        assertThat(applier.applied()).isZero();
        assertThat(apiKeys.size()).isZero();
        assertThat(latest.records()).isEmpty();
    }
}
