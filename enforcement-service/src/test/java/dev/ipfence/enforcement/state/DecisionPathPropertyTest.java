package dev.ipfence.enforcement.state;

import static dev.ipfence.core.model.GeneratedRules.NOW;
import static dev.ipfence.core.model.GeneratedRules.QUERIED;
import static dev.ipfence.core.model.GeneratedRules.probe;
import static dev.ipfence.core.model.GeneratedRules.rules;
import static dev.ipfence.core.model.GeneratedRules.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.model.ScopeChain;
import dev.ipfence.enforcement.checkpoint.Checkpoint;
import dev.ipfence.enforcement.checkpoint.CheckpointException;
import dev.ipfence.enforcement.checkpoint.CheckpointFile;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord;
import dev.ipfence.enforcement.checkpoint.LatestRecords;
import dev.ipfence.enforcement.decisions.Decider;
import dev.ipfence.testing.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's decision path ({@link RuleEventReader}, {@link RuleStore}, {@link Snapshot},
 * {@link ChainTables}, {@link Decider}) gives the reference decision of {@link AccessModel} on
 * generated rule streams: with current and stale chain tables, traffic scopes no rule names,
 * expiring rules, and records that are malformed, out of range, carry unknown fields, or repeat,
 * applied in batches with restarts (a new store replaying every record so far) in between.
 * Chains with a quarantined record answer RULES_UNAVAILABLE; every other chain decides as the
 * reference over the valid records, so no valid rule of another tenant is ever lost.
 */
class DecisionPathPropertyTest {

    private static final long NOW_MICROS = Liveness.micros(NOW);

    /** An organization with two projects of two environments each. */
    private record Tenant(UUID org, List<UUID> projects, Map<UUID, UUID> projectOfEnvironment) {

        static Tenant create(Random random) {
            UUID org = uuid(random);
            List<UUID> projects = List.of(uuid(random), uuid(random));
            Map<UUID, UUID> envs = new LinkedHashMap<>();
            for (UUID project : projects) {
                envs.put(uuid(random), project);
                envs.put(uuid(random), project);
            }
            return new Tenant(org, projects, envs);
        }

        List<UUID> scopes() {
            List<UUID> scopes = new ArrayList<>(List.of(org));
            scopes.addAll(projects);
            scopes.addAll(projectOfEnvironment.keySet());
            return scopes;
        }

        Scope kindOf(UUID scopeId) {
            return scopeId.equals(org) ? Scope.ORG : projects.contains(scopeId) ? Scope.PROJECT : Scope.ENVIRONMENT;
        }
    }

    /** What the reference knows: the valid current rules, and the scopes closed by a malformed record. */
    private static final class Expected {
        final Map<UUID, Rule> rules = new HashMap<>();
        final Map<String, UUID> closedBy = new HashMap<>();

        List<Rule> at(UUID scopeId) {
            return rules.values().stream()
                    .filter(rule -> rule.scopeId().equals(scopeId))
                    .toList();
        }
    }

    /** One record of the stream, kept to be replayed after a restart. */
    private record Record(String key, byte[] value) {}

    private final RuleEventReader reader = new RuleEventReader(EventJson.MAPPER);

    @TempDir
    Path checkpointDir;

    @Test
    void decisionPathEqualsTheReferenceOnGeneratedRuleStreams() {
        Random random = new Random(20261201);
        Set<Decision.Reason> seen = EnumSet.noneOf(Decision.Reason.class);
        int compared = 0;
        int staleTables = 0;
        int restarts = 0;
        int checkpointRestarts = 0;
        int parsedRules = 0;
        int comparedWithReplay = 0;
        int quarantined = 0;
        for (int stream = 0; stream < 60; stream++) {
            List<Tenant> tenants = List.of(Tenant.create(random), Tenant.create(random), Tenant.create(random));
            List<Record> log = new ArrayList<>();
            Expected expected = new Expected();
            Map<UUID, Long> versions = new HashMap<>();
            Map<String, byte[]> lastRecords = new HashMap<>();
            // replaced on each restart, so held where the record senders can reach it
            RuleStore[] running = {new RuleStore(Clock.systemUTC())};
            RuleStore store = running[0];
            ChainTables tables = new ChainTables(store::snapshot, 1, 10_000_000, Runnable::run);
            Decider decider = new Decider(tables);
            for (Tenant tenant : tenants) {
                tenant.projectOfEnvironment()
                        .forEach((env, project) -> send(
                                running[0],
                                log,
                                env.toString(),
                                RuleRecords.environment(env, tenant.org(), project, 1)));
            }
            for (int batch = 0; batch < 12; batch++) {
                int events = 1 + random.nextInt(batch == 0 ? 60 : 12);
                for (int e = 0; e < events; e++) {
                    Tenant tenant = tenants.get(random.nextInt(tenants.size()));
                    nextEvent(random, tenant, expected, versions, lastRecords, record -> {
                        lastRecords.put(record.key(), record.value());
                        send(running[0], log, record.key(), record.value());
                    });
                }
                // after a start from a checkpoint, a store that replayed the whole topic instead
                RuleStore replayed = null;
                Decider replayedDecider = null;
                if (random.nextInt(5) == 0) {
                    // a restart: a new store replays every record so far (every other time from a
                    // checkpoint of a prefix of the log, its rules held parsed, then the rest),
                    // then publishes once
                    running[0] = new RuleStore(Clock.systemUTC());
                    store = running[0];
                    int from = 0;
                    if (restarts % 2 == 1) {
                        from = random.nextInt(log.size() + 1);
                        for (CheckpointRecord record : checkpointed(log, from)) {
                            parsedRules +=
                                    record.parsed() instanceof RuleEvent.RuleChange change && change.rule() != null
                                            ? 1
                                            : 0;
                            store.apply(record.read(reader), "checkpoint");
                        }
                        checkpointRestarts++;
                        replayed = new RuleStore(Clock.systemUTC());
                        for (Record record : log) {
                            replayed.apply(reader.read(record.key(), record.value()), "replay");
                        }
                        replayed.publish();
                        replayedDecider =
                                new Decider(new ChainTables(replayed::snapshot, 1, 10_000_000, Runnable::run));
                    }
                    for (Record record : log.subList(from, log.size())) {
                        store.apply(reader.read(record.key(), record.value()), "replay");
                    }
                    tables = new ChainTables(running[0]::snapshot, 1, 10_000_000, Runnable::run);
                    decider = new Decider(tables);
                    restarts++;
                }
                store.publish();
                Snapshot snapshot = store.snapshot();
                quarantined += snapshot.quarantined().size();
                for (Tenant tenant : tenants) {
                    for (Map.Entry<UUID, UUID> env :
                            tenant.projectOfEnvironment().entrySet()) {
                        UUID envId = env.getKey();
                        boolean closed = expected.closedBy.containsValue(envId)
                                || expected.closedBy.containsValue(env.getValue())
                                || expected.closedBy.containsValue(tenant.org());
                        ScopeChain chain = new ScopeChain(
                                expected.at(envId), expected.at(env.getValue()), expected.at(tenant.org()));
                        List<Rule> all = new ArrayList<>(chain.environmentRules());
                        all.addAll(chain.projectRules());
                        all.addAll(chain.orgRules());
                        for (int q = 0; q < 12; q++) {
                            IpAddress client = probe(random, all);
                            String trafficScope = QUERIED[random.nextInt(QUERIED.length)];
                            Instant now = random.nextInt(4) == 0 ? NOW.plusSeconds(random.nextInt(7200) - 3600) : NOW;
                            Decision want = closed
                                    ? Decider.RULES_UNAVAILABLE
                                    : AccessModel.decide(chain, client, trafficScope, now);
                            if (tables.tablesHeld() > 0) {
                                staleTables += batch > 0 && q == 0 ? 1 : 0;
                            }
                            Decision got = decider.decide(
                                    snapshot, snapshot.environment(envId), client, trafficScope, Liveness.micros(now));
                            if (replayed != null) {
                                Snapshot whole = replayed.snapshot();
                                assertThat(got)
                                        .as(
                                                "from a checkpoint as from the whole topic: stream %d batch %d",
                                                stream, batch)
                                        .isEqualTo(replayedDecider.decide(
                                                whole,
                                                whole.environment(envId),
                                                client,
                                                trafficScope,
                                                Liveness.micros(now)));
                                comparedWithReplay++;
                            }
                            assertThat(got)
                                    .as(
                                            "stream %d batch %d env %s client %s scope %s now %s rules %s,"
                                                    + " quarantined %s, expected closed by %s",
                                            stream,
                                            batch,
                                            envId,
                                            client,
                                            trafficScope,
                                            now,
                                            all,
                                            snapshot.quarantined(),
                                            expected.closedBy)
                                    .isEqualTo(want);
                            seen.add(got.reason());
                            compared++;
                        }
                    }
                    // no valid rule of an open scope is lost or invented
                    for (UUID scopeId : tenant.scopes()) {
                        if (!expected.closedBy.containsValue(scopeId)) {
                            assertThat(ids(snapshot.compiled(tenant.kindOf(scopeId), scopeId)
                                            .rules()))
                                    .as("rules held at scope %s", scopeId)
                                    .isEqualTo(ids(expected.at(scopeId)));
                        }
                    }
                }
                Decision unknown = decider.decide(
                        snapshot, snapshot.environment(uuid(random)), probe(random, List.of()), null, NOW_MICROS);
                seen.add(unknown.reason());
            }
        }
        assertThat(compared).isGreaterThan(50_000);
        assertThat(restarts).isGreaterThan(50);
        assertThat(checkpointRestarts).isGreaterThan(25);
        assertThat(parsedRules).isGreaterThan(500);
        assertThat(comparedWithReplay).isGreaterThan(5_000);
        assertThat(quarantined).isGreaterThan(100);
        assertThat(staleTables).isGreaterThan(100);
        assertThat(seen)
                .containsAll(EnumSet.of(
                        Decision.Reason.ALLOW_RULE,
                        Decision.Reason.DENY_RULE,
                        Decision.Reason.NOT_ALLOWLISTED,
                        Decision.Reason.NO_RULES,
                        Decision.Reason.RULES_UNAVAILABLE,
                        Decision.Reason.UNKNOWN_ENVIRONMENT));
    }

    /**
     * Replicas of shards 0, 1 and 2 of 3, fed the same generated streams as one replica of all
     * organizations, hold each rule exactly once between them, and each decides for its own
     * organizations exactly as the replica of all does (quarantines included); for every other
     * organization it answers OTHER_SHARD (DENY).
     */
    @Test
    void shardReplicasDecideAsTheWholeForTheirOrganizationsAndDenyTheRest() {
        Random random = new Random(20261202);
        int compared = 0;
        int otherShard = 0;
        for (int stream = 0; stream < 30; stream++) {
            List<Tenant> tenants = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                tenants.add(Tenant.create(random));
            }
            RuleStore whole = new RuleStore(Clock.systemUTC());
            List<RuleStore> shards = new ArrayList<>();
            for (int index = 0; index < 3; index++) {
                shards.add(new RuleStore(Clock.systemUTC(), new OrganizationShard(index, 3)));
            }
            List<RuleStore> all = new ArrayList<>(shards);
            all.add(whole);
            Consumer<Record> toAll =
                    record -> all.forEach(store -> store.apply(reader.read(record.key(), record.value()), "stream"));
            for (Tenant tenant : tenants) {
                tenant.projectOfEnvironment()
                        .forEach((env, project) -> toAll.accept(
                                new Record(env.toString(), RuleRecords.environment(env, tenant.org(), project, 1))));
            }
            Expected expected = new Expected();
            Map<UUID, Long> versions = new HashMap<>();
            Map<String, byte[]> lastRecords = new HashMap<>();
            for (int e = 0; e < 150; e++) {
                Tenant tenant = tenants.get(random.nextInt(tenants.size()));
                nextEvent(random, tenant, expected, versions, lastRecords, record -> {
                    lastRecords.put(record.key(), record.value());
                    toAll.accept(record);
                });
            }
            all.forEach(RuleStore::publish);
            Snapshot reference = whole.snapshot();
            assertThat(shards.stream()
                            .mapToLong(store -> store.snapshot().ruleCount())
                            .sum())
                    .as("rules held by the shards together")
                    .isEqualTo(reference.ruleCount());
            Decider decider = new Decider(new ChainTables(whole::snapshot, 1, 10_000_000, Runnable::run));
            for (RuleStore shard : shards) {
                Decider shardDecider = new Decider(new ChainTables(shard::snapshot, 1, 10_000_000, Runnable::run));
                Snapshot snapshot = shard.snapshot();
                for (Tenant tenant : tenants) {
                    boolean served = shard.shard().serves(tenant.org());
                    for (UUID scopeId : tenant.scopes()) {
                        if (!served) {
                            assertThat(snapshot.compiled(tenant.kindOf(scopeId), scopeId)
                                            .rules())
                                    .as("rules of another shard's organization held")
                                    .isEmpty();
                        }
                    }
                    for (UUID envId : tenant.projectOfEnvironment().keySet()) {
                        for (int q = 0; q < 20; q++) {
                            IpAddress client = probe(random, expected.at(envId));
                            String trafficScope = QUERIED[random.nextInt(QUERIED.length)];
                            Decision got = shardDecider.decide(
                                    snapshot, snapshot.environment(envId), client, trafficScope, NOW_MICROS);
                            Decision want = served
                                    ? decider.decide(
                                            reference, reference.environment(envId), client, trafficScope, NOW_MICROS)
                                    : Decider.OTHER_SHARD;
                            assertThat(got)
                                    .as(
                                            "shard %s, organization %s, env %s, client %s",
                                            shard.shard(), tenant.org(), envId, client)
                                    .isEqualTo(want);
                            otherShard += served ? 0 : 1;
                            compared++;
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(20_000);
        assertThat(otherShard).isGreaterThan(compared / 2);
    }

    /**
     * One record for a tenant: a new rule, a new version of one, a deletion with its tombstone, the
     * same record again, a rule with unknown fields, an entity type this version does not know, or
     * a malformed or out-of-range rule (which closes its scope until a valid record of it follows).
     */
    private static void nextEvent(
            Random random,
            Tenant tenant,
            Expected expected,
            Map<UUID, Long> versions,
            Map<String, byte[]> lastRecords,
            Consumer<Record> out) {
        List<UUID> scopes = tenant.scopes();
        List<Rule> existing = expected.rules.values().stream()
                .filter(rule -> scopes.contains(rule.scopeId()))
                .toList();
        int kind = random.nextInt(20);
        if (existing.isEmpty() || kind < 8) {
            UUID scopeId = scopes.get(random.nextInt(scopes.size()));
            Rule rule = rules(random, tenant.kindOf(scopeId), scopeId, 1).get(0);
            byte[] value = kind == 7
                    ? RuleRecords.ruleEdited(rule, tenant.org(), 1, unknownFields())
                    : RuleRecords.rule(rule, tenant.org(), 1);
            versions.put(rule.id(), 1L);
            expected.rules.put(rule.id(), rule);
            out.accept(new Record(rule.id().toString(), value));
            return;
        }
        Rule old = existing.get(random.nextInt(existing.size()));
        if (kind == 13) {
            // delivered again: the same record changes nothing
            out.accept(new Record(old.id().toString(), lastRecords.get(old.id().toString())));
            return;
        }
        long version = versions.merge(old.id(), 1L, Long::sum);
        switch (kind) {
            case 8, 9, 10 -> {
                // a new version: another block, action or expiry at the same scope
                Rule changed = rules(random, old.scope(), old.scopeId(), 1).get(0);
                Rule next = new Rule(
                        old.id(),
                        old.scope(),
                        old.scopeId(),
                        changed.block(),
                        changed.action(),
                        changed.trafficScopes(),
                        changed.active(),
                        changed.expiresAt(),
                        old.createdAt());
                expected.rules.put(old.id(), next);
                expected.closedBy.remove(old.id().toString());
                out.accept(new Record(old.id().toString(), RuleRecords.rule(next, tenant.org(), version)));
            }
            case 11, 12 -> {
                expected.rules.remove(old.id());
                expected.closedBy.remove(old.id().toString());
                out.accept(new Record(old.id().toString(), RuleRecords.deletedRule(old, tenant.org(), version)));
                out.accept(new Record(old.id().toString(), null));
            }
            case 14 ->
                out.accept(new Record(
                        uuid(random).toString(),
                        ("{\"entityType\":\"admission-rule\",\"version\":1,\"orgId\":\"" + tenant.org()
                                        + "\",\"entity\":{\"rule\":\"true\"}}")
                                .getBytes(StandardCharsets.UTF_8)));
            default -> {
                // malformed: the old version stays, its scope closes until a valid record replaces it
                expected.closedBy.put(old.id().toString(), old.scopeId());
                out.accept(new Record(
                        old.id().toString(), RuleRecords.ruleEdited(old, tenant.org(), version, malformation(random))));
            }
        }
    }

    private static Consumer<ObjectNode> unknownFields() {
        return event -> {
            event.put("traceparent", "00-abc-def-01");
            ((ObjectNode) event.get("entity"))
                    .put("riskScore", 3)
                    .putArray("tags")
                    .add("feed");
        };
    }

    private static Consumer<ObjectNode> malformation(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> event -> entity(event).put("expiresAt", "+294260-01-01T00:00:00Z");
            case 1 -> event -> entity(event).put("cidr", "010.0.0.1/32").putNull("range");
            case 2 -> event -> entity(event).put("action", "maybe");
            case 3 -> event -> entity(event).putArray("trafficScopes").add("HTTP!");
            case 4 -> event -> entity(event).remove("createdAt");
            default -> event -> entity(event).put("scope", "galaxy");
        };
    }

    private static ObjectNode entity(ObjectNode event) {
        return (ObjectNode) event.get("entity");
    }

    /** The first {@code records} of the log as a checkpoint holds them, written to disk and read back. */
    private List<CheckpointRecord> checkpointed(List<Record> log, int records) {
        LatestRecords latest = new LatestRecords();
        for (int i = 0; i < records; i++) {
            Record record = log.get(i);
            latest.offer(
                    new CheckpointRecord(0, i, record.key(), record.value()),
                    reader.read(record.key(), record.value()),
                    dev.ipfence.web.apikeys.ApiKeyTable.Change.NONE);
        }
        try {
            CheckpointFile.write(
                    checkpointDir,
                    new Checkpoint(
                            "ipfence.rules.v1",
                            "topic-id",
                            "0/1",
                            Instant.now(),
                            Map.of(0, (long) records),
                            LatestRecords.inOrder(latest.records())));
            return CheckpointFile.read(checkpointDir).records();
        } catch (IOException | CheckpointException e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(RuleStore store, List<Record> log, String key, byte[] value) {
        log.add(new Record(key, value));
        store.apply(reader.read(key, value), "stream@" + log.size());
    }

    private static Set<UUID> ids(List<Rule> rules) {
        Set<UUID> ids = new HashSet<>();
        rules.forEach(rule -> ids.add(rule.id()));
        return ids;
    }
}
