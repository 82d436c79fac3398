package dev.ipfence.enforcement.state;

import static dev.ipfence.core.model.GeneratedRules.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.events.ApiKeyState;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.Policies;
import dev.ipfence.enforcement.checkpoint.Checkpoint;
import dev.ipfence.enforcement.checkpoint.CheckpointException;
import dev.ipfence.enforcement.checkpoint.CheckpointFile;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord;
import dev.ipfence.enforcement.checkpoint.LatestRecords;
import dev.ipfence.testing.EventJson;
import dev.ipfence.web.apikeys.ApiKeyDirectory;
import dev.ipfence.web.apikeys.ApiKeyTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica restarted from its own checkpoints, again and again, decides as a replica that read
 * every record once: on generated streams over a few keys of several partitions, read in another
 * interleaving of the partitions, with new and stale versions, deletions, refused and unreadable
 * records, negative versions, API keys valid, invalid, unreadable and deleted in any version, API
 * key, project and rule records under the ids of rules and environments, rule and project records
 * under the ids of API keys, environments deleted, rules and access policies moved to another
 * tenant's organization (then, on a replica of one shard, a stale copy must not bring them back),
 * and keys that are another spelling of an id or no id at all. Decisions, closed scopes and
 * organizations, environments, quarantined keys, each organization's policies and the API keys a
 * request is accepted with are compared, for the replica of all organizations and for each shard
 * of two.
 */
class CheckpointRestorePropertyTest {

    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<String> BLOCKS = List.of("10.0.0.0/8", "10.1.1.1/32", "192.0.2.0/24", "2001:db8::/32");
    private static final List<String> PROBES =
            List.of("10.1.1.1", "10.9.9.9", "192.0.2.7", "2001:db8::1", "198.51.100.7", "::ffff:10.1.1.1");
    private static final byte[] GARBAGE = "garbage".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNREADABLE_API_KEY = RuleRecords.unreadableApiKey();

    private final RuleEventReader reader = new RuleEventReader(EventJson.MAPPER);

    @TempDir
    Path checkpointDir;

    /** An organization with one project of two environments. */
    private record Tenant(UUID org, UUID project, List<UUID> environments) {}

    /** A rule id, fixed to one environment of one tenant, as rule-service never moves a rule. */
    private record RuleEntity(UUID id, Tenant tenant, UUID environment) {}

    /** One replica: its store, API keys and latest records, and where it is in each partition. */
    private final class Replica {
        final RuleStore store;
        final ApiKeyTable apiKeys = new ApiKeyTable(EventJson.MAPPER);
        final LatestRecords latest = new LatestRecords();
        final RuleRecordApplier applier;
        final long[] positions;

        Replica(OrganizationShard shard, int partitions) {
            store = new RuleStore(Clock.systemUTC(), shard);
            applier = new RuleRecordApplier(store, reader, apiKeys, latest, true);
            positions = new long[partitions];
        }

        void read(CheckpointRecord record) {
            applier.apply(List.of(record));
            positions[record.partition()] = record.offset() + 1;
        }
    }

    /** The records of a generated stream, by partition, in offset order. */
    private static final class Topic {
        final List<List<CheckpointRecord>> partitions = new ArrayList<>();
        final List<CheckpointRecord> written = new ArrayList<>();

        Topic(int count) {
            for (int p = 0; p < count; p++) {
                partitions.add(new ArrayList<>());
            }
        }

        void send(String key, byte[] value) {
            int partition = Math.floorMod(key.hashCode(), partitions.size());
            CheckpointRecord record =
                    new CheckpointRecord(partition, partitions.get(partition).size(), key, value);
            partitions.get(partition).add(record);
            written.add(record);
        }
    }

    @Test
    void aReplicaRestartedFromItsCheckpointsDecidesAsOneThatReadEveryRecord() {
        Random random = new Random(20261203);
        Map<String, Integer> compared = new TreeMap<>();
        int restarts = 0;
        for (int stream = 0; stream < 150; stream++) {
            List<Tenant> tenants = List.of(tenant(random), tenant(random));
            List<RuleEntity> rules = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Tenant tenant = tenants.get(random.nextInt(tenants.size()));
                rules.add(new RuleEntity(
                        uuid(random), tenant, tenant.environments().get(random.nextInt(2))));
            }
            Map<UUID, Tenant> apiKeyIds = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                apiKeyIds.put(uuid(random), tenants.get(random.nextInt(tenants.size())));
            }
            Topic topic = new Topic(1 + random.nextInt(3));
            for (Tenant tenant : tenants) {
                for (UUID env : tenant.environments()) {
                    topic.send(env.toString(), RuleRecords.environment(env, tenant.org(), tenant.project(), 1));
                }
            }
            Stream records = new Stream(random, rules, apiKeyIds, tenants, topic);
            List<OrganizationShard> shards =
                    List.of(OrganizationShard.ALL, new OrganizationShard(0, 2), new OrganizationShard(1, 2));
            List<Replica> whole = new ArrayList<>();
            List<Replica> restarted = new ArrayList<>();
            for (OrganizationShard shard : shards) {
                whole.add(new Replica(shard, topic.partitions.size()));
                restarted.add(new Replica(shard, topic.partitions.size()));
            }
            int readByWhole = 0;
            for (int batch = 0; batch < 10; batch++) {
                int count = 1 + random.nextInt(15);
                for (int i = 0; i < count; i++) {
                    records.next();
                }
                for (int s = 0; s < shards.size(); s++) {
                    Replica replica = restarted.get(s);
                    // part of the batch read in another interleaving of the partitions, then a restart
                    // from the checkpoint, then the rest
                    readSome(random, topic, replica, random.nextInt(count + 1));
                    if (random.nextInt(3) == 0) {
                        replica = restartFrom(checkpoint(replica, shards.get(s)), shards.get(s), topic);
                        restarted.set(s, replica);
                        restarts++;
                    }
                    readSome(random, topic, replica, Integer.MAX_VALUE);
                    Replica reference = whole.get(s);
                    for (CheckpointRecord record : topic.written.subList(readByWhole, topic.written.size())) {
                        reference.read(record);
                    }
                    reference.store.publish();
                    replica.store.publish();
                    compare(
                            reference,
                            replica,
                            tenants,
                            rules,
                            apiKeyIds.keySet(),
                            "stream " + stream + " batch " + batch + " shard " + shards.get(s),
                            compared);
                }
                readByWhole = topic.written.size();
            }
        }
        assertThat(restarts).isGreaterThan(1_000);
        assertThat(compared)
                .as("decisions and API keys compared, by kind")
                .allSatisfy((kind, count) -> assertThat(count).as(kind).isGreaterThan(200));
        assertThat(compared.keySet())
                .contains(
                        "ALLOW_RULE",
                        "DENY_RULE",
                        "NOT_ALLOWLISTED",
                        "NO_RULES",
                        "RULES_UNAVAILABLE",
                        "OTHER_SHARD",
                        "key accepted",
                        "key rejected",
                        "policies",
                        "quarantined");
    }

    /** Reads up to {@code count} unread records, taking each from a partition drawn at random. */
    private static void readSome(Random random, Topic topic, Replica replica, int count) {
        for (int i = 0; i < count; i++) {
            List<Integer> behind = new ArrayList<>();
            for (int p = 0; p < topic.partitions.size(); p++) {
                if (replica.positions[p] < topic.partitions.get(p).size()) {
                    behind.add(p);
                }
            }
            if (behind.isEmpty()) {
                return;
            }
            int p = behind.get(random.nextInt(behind.size()));
            replica.read(topic.partitions.get(p).get((int) replica.positions[p]));
        }
    }

    private Checkpoint checkpoint(Replica replica, OrganizationShard shard) {
        Map<Integer, Long> next = new HashMap<>();
        for (int p = 0; p < replica.positions.length; p++) {
            next.put(p, replica.positions[p]);
        }
        return new Checkpoint(
                "ipfence.rules.v1",
                "topic-id",
                shard.index() + "/" + shard.count(),
                AT,
                next,
                LatestRecords.inOrder(replica.latest.records()));
    }

    /** A new replica from {@code checkpoint}, written to disk and read back. */
    private Replica restartFrom(Checkpoint checkpoint, OrganizationShard shard, Topic topic) {
        Checkpoint read;
        try {
            CheckpointFile.write(checkpointDir, checkpoint);
            read = CheckpointFile.read(checkpointDir);
        } catch (IOException | CheckpointException e) {
            throw new IllegalStateException(e);
        }
        Replica replica = new Replica(shard, topic.partitions.size());
        replica.applier.apply(read.records());
        read.nextOffsets().forEach((partition, offset) -> replica.positions[partition] = offset);
        return replica;
    }

    private static void compare(
            Replica reference,
            Replica replica,
            List<Tenant> tenants,
            List<RuleEntity> rules,
            Set<UUID> apiKeyIds,
            String where,
            Map<String, Integer> compared) {
        Snapshot expected = reference.store.snapshot();
        Snapshot got = replica.store.snapshot();
        for (Tenant tenant : tenants) {
            for (UUID env : tenant.environments()) {
                for (String ip : PROBES) {
                    Decision want = StoreDecisions.decide(reference.store, env, ip);
                    assertThat(StoreDecisions.decide(replica.store, env, ip))
                            .as("%s: env %s, %s; quarantined %s", where, env, ip, expected.quarantined())
                            .isEqualTo(want);
                    compared.merge(want.reason().name(), 1, Integer::sum);
                }
            }
        }
        assertThat(got.unavailable()).as("%s: scopes closed", where).isEqualTo(expected.unavailable());
        assertThat(got.policiesUnavailable())
                .as("%s: organizations closed to identities", where)
                .isEqualTo(expected.policiesUnavailable());
        assertThat(got.environments()).as("%s: environments", where).isEqualTo(expected.environments());
        assertThat(keys(got)).as("%s: keys quarantined", where).isEqualTo(keys(expected));
        compared.merge("quarantined", expected.quarantined().size(), Integer::sum);
        for (Tenant tenant : tenants) {
            for (UUID env : tenant.environments()) {
                assertThat(got.compiled(Scope.ENVIRONMENT, env).rules())
                        .as("%s: rules held at %s", where, env)
                        .containsExactlyInAnyOrderElementsOf(
                                expected.compiled(Scope.ENVIRONMENT, env).rules());
            }
        }
        assertThat(got.ruleCount()).as("%s: rules held", where).isEqualTo(expected.ruleCount());
        for (Tenant tenant : tenants) {
            Set<PolicyState> want = policiesOf(expected, tenant.org());
            assertThat(policiesOf(got, tenant.org()))
                    .as("%s: policies of %s", where, tenant.org())
                    .isEqualTo(want);
            compared.merge(want.isEmpty() ? "no policies" : "policies", 1, Integer::sum);
        }
        Set<UUID> ids = new HashSet<>(apiKeyIds);
        rules.forEach(rule -> ids.add(rule.id()));
        for (UUID id : ids) {
            // a key refused and a key unknown are the same to a request: both are rejected
            Object want = accepted(reference.apiKeys.lookup(id));
            assertThat(accepted(replica.apiKeys.lookup(id)))
                    .as("%s: API key %s", where, id)
                    .isEqualTo(want);
            compared.merge(want instanceof ApiKeyState ? "key accepted" : "key rejected", 1, Integer::sum);
        }
    }

    /** The key a request is accepted with, or "rejected". */
    private static Object accepted(ApiKeyDirectory.Entry entry) {
        return entry instanceof ApiKeyDirectory.Known known ? known.state() : "rejected";
    }

    private static Set<PolicyState> policiesOf(Snapshot snapshot, UUID org) {
        return snapshot.policies()
                .get(org)
                .map(compiled ->
                        (Set<PolicyState>) new HashSet<>(compiled.source().policies()))
                .getOrElse(Set.of());
    }

    private static Set<String> keys(Snapshot snapshot) {
        return snapshot.quarantined().stream().map(QuarantinedRecord::key).collect(Collectors.toSet());
    }

    private static Tenant tenant(Random random) {
        return new Tenant(uuid(random), uuid(random), List.of(uuid(random), uuid(random)));
    }

    /** Writes the generated records to the topic, one at a time. */
    private static final class Stream {
        private final Random random;
        private final List<RuleEntity> rules;
        private final Map<UUID, Tenant> apiKeys;
        private final List<Tenant> tenants;
        private final List<UUID> policies;
        private final Topic topic;
        private final Map<String, Long> versions = new HashMap<>();
        private final Map<String, List<byte[]>> sent = new HashMap<>();

        Stream(Random random, List<RuleEntity> rules, Map<UUID, Tenant> apiKeys, List<Tenant> tenants, Topic topic) {
            this.random = random;
            this.rules = rules;
            this.apiKeys = apiKeys;
            this.tenants = tenants;
            this.topic = topic;
            this.policies = List.of(uuid(random), uuid(random));
        }

        void next() {
            int entity = random.nextInt(rules.size() + apiKeys.size() + 4);
            if (entity < rules.size()) {
                nextOfRule(rules.get(entity));
            } else if (entity < rules.size() + apiKeys.size()) {
                UUID id = new ArrayList<>(apiKeys.keySet()).get(entity - rules.size());
                nextOfApiKey(id, apiKeys.get(id));
            } else if (entity == rules.size() + apiKeys.size()) {
                nextOfEnvironment(rules.get(random.nextInt(rules.size())).tenant());
            } else if (entity == rules.size() + apiKeys.size() + 1) {
                nextOfPolicy(policies.get(random.nextInt(policies.size())));
            } else {
                nextUnderOtherKey();
            }
        }

        /**
         * An environment's next version, a stale copy, its deletion, garbage, or an API key's,
         * project's or rule's record under its id.
         */
        private void nextOfEnvironment(Tenant tenant) {
            UUID env = tenant.environments().get(random.nextInt(2));
            String key = env.toString();
            switch (random.nextInt(7)) {
                case 0 -> sendVersioned(key, RuleRecords.environment(env, tenant.org(), tenant.project(), next(key)));
                case 5 -> {
                    send(key, RuleRecords.deletedEnvironment(env, tenant.org(), tenant.project(), next(key)));
                    if (random.nextBoolean()) {
                        send(key, null);
                    }
                }
                case 6 ->
                    send(
                            key,
                            RuleRecords.rule(
                                    rule(new RuleEntity(
                                            env, tenant, tenant.environments().get(random.nextInt(2)))),
                                    tenant.org(),
                                    1 + random.nextInt(4)));
                case 1 -> sendAgain(key);
                case 2 -> send(key, GARBAGE);
                case 3 -> send(key, project(env, tenant, 1 + random.nextInt(3)));
                default -> send(key, apiKey(env, tenant, 1 + random.nextInt(3), true));
            }
        }

        /** A record of an entity type decisions do not need. */
        private byte[] project(UUID id, Tenant tenant, long version) {
            return RuleRecords.policyEntity(
                    ChangeEvent.EntityType.project, id, tenant.org(), Map.of("id", id.toString()), version, false);
        }

        private void nextOfRule(RuleEntity entity) {
            String key = entity.id().toString();
            switch (random.nextInt(16)) {
                case 15 -> {
                    // a newer record naming the other tenant: rule-service never moves a rule, but a
                    // malformed or hand-made record may, and a stale copy may follow it
                    Tenant other = tenants.get(tenants.get(0).equals(entity.tenant()) ? 1 : 0);
                    sendVersioned(
                            key,
                            RuleRecords.rule(
                                    rule(new RuleEntity(
                                            entity.id(),
                                            other,
                                            other.environments().get(0))),
                                    other.org(),
                                    next(key)));
                }
                case 14 ->
                    send(key, RuleRecords.rule(rule(entity), entity.tenant().org(), -1 - random.nextInt(3)));
                case 12 -> send(key, apiKey(entity.id(), entity.tenant(), 1 + random.nextInt(4), true));
                case 13 -> send(key, project(entity.id(), entity.tenant(), 1 + random.nextInt(4)));
                case 0, 1, 2, 3 ->
                    sendVersioned(
                            key, RuleRecords.rule(rule(entity), entity.tenant().org(), next(key)));
                case 4 -> sendAgain(key);
                case 5 -> {
                    topic.send(
                            key,
                            RuleRecords.deletedRule(
                                    rule(entity), entity.tenant().org(), next(key)));
                    if (random.nextBoolean()) {
                        send(key, null);
                    }
                }
                case 6 -> send(key, null);
                case 7, 8 -> {
                    // refused: in the next version, or in the version a valid record will have too
                    long version = random.nextBoolean() ? next(key) : versions.getOrDefault(key, 0L) + 1;
                    send(
                            key,
                            RuleRecords.expiringBeyondTheMatcherClock(
                                    rule(entity), entity.tenant().org(), version));
                }
                case 9 -> send(key, GARBAGE);
                default -> send(key, UNREADABLE_API_KEY);
            }
        }

        /**
         * An access policy's next version (allowing or denying every user), a stale copy, its
         * deletion, a tombstone, garbage, a newer version naming the other tenant's organization,
         * or a policy's record under the id of a rule or an environment.
         */
        private void nextOfPolicy(UUID id) {
            String key = id.toString();
            Tenant tenant = tenants.get(Math.floorMod(id.hashCode(), tenants.size()));
            switch (random.nextInt(8)) {
                case 0, 1 -> sendVersioned(key, RuleRecords.policy(policy(id, tenant), next(key)));
                case 7 -> {
                    // a policy's record under the id of a rule or an environment
                    RuleEntity rule = rules.get(random.nextInt(rules.size()));
                    UUID other = random.nextBoolean() ? rule.id() : rule.environment();
                    send(other.toString(), RuleRecords.policy(policy(other, rule.tenant()), 1 + random.nextInt(4)));
                }
                case 2 -> sendAgain(key);
                case 3 ->
                    sendVersioned(
                            key,
                            RuleRecords.policy(
                                    policy(id, tenants.get(0).equals(tenant) ? tenants.get(1) : tenants.get(0)),
                                    next(key)));
                case 4 ->
                    send(
                            key,
                            RuleRecords.policyEntity(
                                    ChangeEvent.EntityType.policy,
                                    id,
                                    tenant.org(),
                                    policy(id, tenant),
                                    next(key),
                                    true));
                case 5 -> send(key, null);
                default -> send(key, GARBAGE);
            }
        }

        private PolicyState policy(UUID id, Tenant tenant) {
            Policies.PolicyBuilder builder = Policies.policy();
            builder.id = id;
            builder.orgId = tenant.org();
            // a resource of its own, so that a stale copy differs from the version after it
            builder.resources.add("res-" + random.nextInt(1_000_000));
            builder.allUsers = true;
            builder.action = random.nextBoolean();
            return builder.build();
        }

        private void nextOfApiKey(UUID id, Tenant tenant) {
            String key = id.toString();
            switch (random.nextInt(13)) {
                case 11 -> send(key, apiKey(id, tenant, -1, true));
                case 12 ->
                    // a deletion in a version no newer than the key's
                    send(key, RuleRecords.apiKey(apiKeyState(id, tenant, versions.getOrDefault(key, 1L), true), true));
                case 9 ->
                    send(
                            key,
                            RuleRecords.rule(
                                    rule(new RuleEntity(
                                            id, tenant, tenant.environments().get(0))),
                                    tenant.org(),
                                    1 + random.nextInt(4)));
                case 10 -> send(key, project(id, tenant, 1 + random.nextInt(4)));
                case 0, 1, 2 -> sendVersioned(key, apiKey(id, tenant, next(key), true));
                case 3 -> sendAgain(key);
                case 4 -> send(key, apiKey(id, tenant, next(key), false));
                case 5 -> send(key, UNREADABLE_API_KEY);
                case 6 -> send(key, GARBAGE);
                case 7 -> {
                    send(key, RuleRecords.apiKey(apiKeyState(id, tenant, next(key), true), true));
                    if (random.nextBoolean()) {
                        send(key, null);
                    }
                }
                default -> send(key, null);
            }
        }

        /** Under another spelling of a rule's id, or under a key that is no id. */
        private void nextUnderOtherKey() {
            RuleEntity entity = rules.get(random.nextInt(rules.size()));
            String key = random.nextBoolean() ? entity.id().toString().toUpperCase(Locale.ROOT) : "not-an-id";
            switch (random.nextInt(4)) {
                case 0 -> send(key, GARBAGE);
                case 1 -> send(key, null);
                case 2 ->
                    send(key, RuleRecords.rule(rule(entity), entity.tenant().org(), 1));
                default -> send(key, UNREADABLE_API_KEY);
            }
        }

        private long next(String key) {
            return versions.merge(key, 1L, Long::sum);
        }

        private void sendVersioned(String key, byte[] value) {
            sent.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            send(key, value);
        }

        /** A valid record of the key sent before, delivered again (a stale copy, or the latest). */
        private void sendAgain(String key) {
            List<byte[]> before = sent.get(key);
            if (before != null) {
                send(key, before.get(random.nextInt(before.size())));
            }
        }

        private void send(String key, byte[] value) {
            if (value == null) {
                // rule-service starts a deleted entity's versions over only with a new id: keep counting
                sent.remove(key);
            }
            topic.send(key, value);
        }

        private Rule rule(RuleEntity entity) {
            return new Rule(
                    entity.id(),
                    Scope.ENVIRONMENT,
                    entity.environment(),
                    Addresses.parseNetwork(BLOCKS.get(random.nextInt(BLOCKS.size()))),
                    random.nextBoolean() ? Action.ALLOW : Action.DENY,
                    Set.of(),
                    random.nextInt(5) > 0,
                    null,
                    AT);
        }

        private byte[] apiKey(UUID id, Tenant tenant, long version, boolean valid) {
            return RuleRecords.apiKey(apiKeyState(id, tenant, version, valid), false);
        }

        /** Valid, or without its hash; revoked one time in four. */
        private ApiKeyState apiKeyState(UUID id, Tenant tenant, long version, boolean valid) {
            ApiKeyState key = RuleRecords.apiKeyState(id, tenant.org(), version);
            return new ApiKeyState(
                    id,
                    key.orgId(),
                    key.name(),
                    key.roles(),
                    valid ? key.secretHash() : null,
                    null,
                    random.nextInt(4) == 0 ? AT : null,
                    key.createdAt(),
                    key.updatedAt(),
                    key.createdBy(),
                    key.updatedBy(),
                    version);
        }
    }
}
