package dev.ipfence.enforcement.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.Policies;
import dev.ipfence.enforcement.checkpoint.Checkpoint;
import dev.ipfence.enforcement.checkpoint.CheckpointFile;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord;
import dev.ipfence.enforcement.checkpoint.LatestRecords;
import dev.ipfence.enforcement.decisions.Decider;
import dev.ipfence.testing.EventJson;
import dev.ipfence.web.apikeys.ApiKeyTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica of one shard holds exactly what a replica of all holds for its organizations. */
class ShardedRuleStoreTest {

    private static final Instant NOW = StoreDecisions.NOW;

    private final RuleEventReader reader = new RuleEventReader(EventJson.MAPPER);
    private final RuleStore sharded = new RuleStore(Clock.systemUTC(), new OrganizationShard(0, 2));
    private final RuleStore whole = new RuleStore(Clock.systemUTC());

    @Test
    void aRuleWhoseNewerRecordNamesAnotherShardsOrganizationLeavesThisShard() {
        UUID mine = organizationOf(0);
        UUID theirs = organizationOf(1);
        UUID env = UUID.randomUUID();
        UUID theirEnv = UUID.randomUUID();
        send(env.toString(), RuleRecords.environment(env, mine, UUID.randomUUID(), 1));
        send(theirEnv.toString(), RuleRecords.environment(theirEnv, theirs, UUID.randomUUID(), 1));
        Rule moving = allow(env, "203.0.113.0/24");
        Rule staying = allow(env, "198.51.100.0/24");
        send(moving.id().toString(), RuleRecords.rule(moving, mine, 1));
        send(staying.id().toString(), RuleRecords.rule(staying, mine, 1));

        // a newer record of the same rule names another organization (a malformed or hand-made
        // record: rules do not move): the replica of all moves it there, so this shard must drop
        // it rather than keep the old allow alive
        Rule moved = movedTo(moving, theirEnv, Action.ALLOW);
        byte[] record = RuleRecords.rule(moved, theirs, 2);
        whole.apply(reader.read(moved.id().toString(), record), "test");
        assertThat(sharded.apply(reader.read(moved.id().toString(), record), "test"))
                .as("taken, so that a checkpoint keeps the record that removed the rule")
                .isNotNull();
        sharded.publish();
        whole.publish();

        for (String ip : List.of("203.0.113.5", "198.51.100.5", "192.0.2.1")) {
            assertThat(decide(sharded, env, ip)).as(ip).isEqualTo(decide(whole, env, ip));
        }
        assertThat(decide(sharded, env, "203.0.113.5").action()).isEqualTo(Action.DENY);
        assertThat(sharded.snapshot().ruleCount()).isEqualTo(1);
        assertThat(decide(sharded, theirEnv, "203.0.113.5")).isEqualTo(Decider.OTHER_SHARD);
    }

    @Test
    void aRuleThatLeftThisShardStaysGoneAfterARestartFromTheCheckpointWhenAStaleCopyFollows(@TempDir Path dir)
            throws Exception {
        UUID mine = organizationOf(0);
        UUID theirs = organizationOf(1);
        UUID env = UUID.randomUUID();
        UUID theirEnv = UUID.randomUUID();
        Rule leaving = allow(env, "203.0.113.0/24");
        // the environment keeps an allow list without the rule: what it does not allow is denied
        Rule staying = allow(env, "198.51.100.0/24");
        byte[] first = RuleRecords.rule(leaving, mine, 1);
        RuleStore restored = readThenRestarted(
                dir,
                List.of(
                        Map.entry(env.toString(), RuleRecords.environment(env, mine, UUID.randomUUID(), 1)),
                        Map.entry(theirEnv.toString(), RuleRecords.environment(theirEnv, theirs, UUID.randomUUID(), 1)),
                        Map.entry(leaving.id().toString(), first),
                        Map.entry(staying.id().toString(), RuleRecords.rule(staying, mine, 1)),
                        // a newer record of the allow rule naming the other shard's organization
                        // (malformed or hand-made): this shard applies it as the rule's deletion
                        Map.entry(
                                leaving.id().toString(),
                                RuleRecords.rule(movedTo(leaving, theirEnv, Action.ALLOW), theirs, 2))));
        // the first version again, delivered after the restart (a producer's retry, a replay)
        restored.apply(reader.read(leaving.id().toString(), first), "test");
        whole.apply(reader.read(leaving.id().toString(), first), "test");
        restored.publish();
        whole.publish();

        assertThat(decide(whole, env, "203.0.113.5").action()).isEqualTo(Action.DENY);
        assertThat(decide(restored, env, "203.0.113.5"))
                .as("the allow rule stays gone after the restart")
                .isEqualTo(decide(whole, env, "203.0.113.5"));
        assertThat(restored.snapshot().ruleCount()).isEqualTo(1);
    }

    @Test
    void aPolicyThatLeftThisShardStaysGoneAfterARestartFromTheCheckpointWhenAStaleCopyFollows(@TempDir Path dir)
            throws Exception {
        UUID mine = organizationOf(0);
        UUID theirs = organizationOf(1);
        UUID env = UUID.randomUUID();
        Policies.PolicyBuilder builder = Policies.policy();
        builder.orgId = mine;
        builder.resources.add("res-1");
        builder.allUsers = true;
        PolicyState policy = builder.build();
        builder.orgId = theirs;
        byte[] first = RuleRecords.policy(policy, 1);
        RuleStore restored = readThenRestarted(
                dir,
                List.of(
                        Map.entry(env.toString(), RuleRecords.environment(env, mine, UUID.randomUUID(), 1)),
                        Map.entry(policy.id().toString(), first),
                        Map.entry(policy.id().toString(), RuleRecords.policy(builder.build(), 2))));
        restored.apply(reader.read(policy.id().toString(), first), "test");
        sharded.apply(reader.read(policy.id().toString(), first), "test");
        restored.publish();
        sharded.publish();

        assertThat(sharded.snapshot().policies().keySet())
                .as("without a restart")
                .isEmpty();
        assertThat(restored.snapshot().policies().keySet())
                .as("the policy that allowed every user stays gone after the restart")
                .isEmpty();
    }

    /**
     * A replica of shard 0 ({@link #sharded}) that read {@code records} (key and value, in this
     * order) and kept their latest for a checkpoint, restarted from that checkpoint written to
     * {@code dir}. {@link #whole} reads them too.
     */
    private RuleStore readThenRestarted(Path dir, List<Map.Entry<String, byte[]>> records) throws Exception {
        List<CheckpointRecord> topic = new ArrayList<>();
        for (Map.Entry<String, byte[]> record : records) {
            topic.add(new CheckpointRecord(0, topic.size(), record.getKey(), record.getValue()));
        }
        LatestRecords latest = new LatestRecords();
        new RuleRecordApplier(sharded, reader, new ApiKeyTable(EventJson.MAPPER), latest, true).apply(topic);
        topic.forEach(record -> whole.apply(record.read(reader), "test"));
        CheckpointFile.write(
                dir,
                new Checkpoint(
                        "ipfence.rules.v1",
                        "topic-id",
                        sharded.shard().toString(),
                        NOW,
                        Map.of(0, (long) topic.size()),
                        LatestRecords.inOrder(latest.records())));
        RuleStore restored = new RuleStore(Clock.systemUTC(), sharded.shard());
        new RuleRecordApplier(restored, reader, new ApiKeyTable(EventJson.MAPPER), new LatestRecords(), false)
                .apply(CheckpointFile.read(dir).records());
        return restored;
    }

    @Test
    void aRefusedRecordNamingAnotherShardsOrganizationForAScopeHereClosesItAsTheReplicaOfAllDoes() {
        UUID mine = organizationOf(0);
        UUID theirs = organizationOf(1);
        UUID env = UUID.randomUUID();
        send(env.toString(), RuleRecords.environment(env, mine, UUID.randomUUID(), 1));
        Rule allowed = allow(env, "203.0.113.0/24");
        send(allowed.id().toString(), RuleRecords.rule(allowed, mine, 1));

        // a newer record of the rule, in the same environment, that cannot be read (its address is
        // not one) and names the other shard's organization: the replica of all quarantines it and
        // closes the environment; this shard must not keep answering with the old allow
        send(allowed.id().toString(), unreadable(allowed, theirs, 2));
        sharded.publish();
        whole.publish();

        assertThat(decide(whole, env, "203.0.113.5").reason()).isEqualTo(Decision.Reason.RULES_UNAVAILABLE);
        assertThat(decide(sharded, env, "203.0.113.5")).isEqualTo(decide(whole, env, "203.0.113.5"));
        assertThat(sharded.snapshot().quarantined()).hasSize(1);
    }

    @Test
    void aRefusedRecordClosesItsScopeHereWhateverOrderItsEnvironmentCameIn() {
        UUID mine = organizationOf(0);
        UUID theirs = organizationOf(1);
        UUID env = UUID.randomUUID();
        UUID theirEnv = UUID.randomUUID();
        Rule rule = allow(env, "203.0.113.0/24");
        // the refused record first (another partition, or a restore in partition order), then the
        // environment it names, of this shard
        send(rule.id().toString(), unreadable(rule, theirs, 1));
        send(env.toString(), RuleRecords.environment(env, mine, UUID.randomUUID(), 1));
        send(theirEnv.toString(), RuleRecords.environment(theirEnv, theirs, UUID.randomUUID(), 1));
        sharded.publish();
        whole.publish();
        assertThat(decide(whole, env, "203.0.113.5").reason()).isEqualTo(Decision.Reason.RULES_UNAVAILABLE);
        assertThat(decide(sharded, env, "203.0.113.5")).isEqualTo(decide(whole, env, "203.0.113.5"));

        // a valid record of the same key, of the other shard's organization: the quarantine ends in
        // both (the rule itself lives in the other shard)
        Rule moved = movedTo(rule, theirEnv, Action.DENY);
        send(rule.id().toString(), RuleRecords.rule(moved, theirs, 2));
        sharded.publish();
        whole.publish();
        assertThat(decide(whole, env, "203.0.113.5").reason()).isNotEqualTo(Decision.Reason.RULES_UNAVAILABLE);
        assertThat(decide(sharded, env, "203.0.113.5")).isEqualTo(decide(whole, env, "203.0.113.5"));
        assertThat(sharded.snapshot().quarantined()).isEmpty();
    }

    @Test
    void recordsOfAnotherShardAreLeftOutAndCounted() {
        UUID theirs = organizationOf(1);
        UUID theirEnv = UUID.randomUUID();
        send(theirEnv.toString(), RuleRecords.environment(theirEnv, theirs, UUID.randomUUID(), 1));
        Rule rule = allow(theirEnv, "203.0.113.0/24");
        assertThat(sharded.apply(reader.read(rule.id().toString(), RuleRecords.rule(rule, theirs, 1)), "test"))
                .isNull();
        assertThat(sharded.otherShardRecords()).isEqualTo(1);
        sharded.reset();
        assertThat(sharded.otherShardRecords()).isZero();
    }

    private void send(String key, byte[] value) {
        sharded.apply(reader.read(key, value), "test");
        whole.apply(reader.read(key, value), "test");
    }

    private static Rule allow(UUID env, String cidr) {
        return new Rule(
                UUID.randomUUID(),
                Scope.ENVIRONMENT,
                env,
                Addresses.parseNetwork(cidr),
                Action.ALLOW,
                Set.of(),
                true,
                null,
                NOW.minusSeconds(60));
    }

    /** {@code rule} as a newer record would have it in environment {@code env}, with {@code action}. */
    private static Rule movedTo(Rule rule, UUID env, Action action) {
        return new Rule(
                rule.id(), Scope.ENVIRONMENT, env, rule.block(), action, Set.of(), true, null, rule.createdAt());
    }

    /** The record of {@code rule} in {@code org} with its address made invalid: it cannot be read. */
    private static byte[] unreadable(Rule rule, UUID org, long version) {
        String cidr = rule.block().toString();
        String record = new String(RuleRecords.rule(rule, org, version), StandardCharsets.UTF_8);
        assertThat(record).contains("\"" + cidr + "\"");
        return record.replace("\"" + cidr + "\"", "\"" + cidr.replace("/24", "/33") + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Decision decide(RuleStore store, UUID env, String ip) {
        return StoreDecisions.decide(store, env, ip);
    }

    private static UUID organizationOf(int shard) {
        while (true) {
            UUID org = UUID.randomUUID();
            if (OrganizationShard.of(org, 2) == shard) {
                return org;
            }
        }
    }
}
