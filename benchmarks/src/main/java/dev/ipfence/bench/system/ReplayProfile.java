package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.bench.matcher.RuleCorpus;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.checkpoint.Checkpoint;
import dev.ipfence.enforcement.checkpoint.CheckpointFile;
import dev.ipfence.enforcement.checkpoint.CheckpointRecord;
import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.enforcement.state.RuleEventReader;
import dev.ipfence.enforcement.state.RuleStore;
import dev.ipfence.testing.EventJson;
import dev.ipfence.web.json.UtcInstantDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where enforcement-service's replay time goes, phase by phase, in one JVM: reading the events
 * as the service does ({@link RuleEventReader#read}: JSON, addresses and the contract's checks), and compiling the snapshots;
 * then a start from a checkpoint of the same rules: writing it, reading it back ({@link
 * CheckpointFile}: the rules held parsed), applying its records to a {@link RuleStore} and
 * publishing (compiling) the first snapshot. {@code java ... ReplayProfile [rules]}
 */
public final class ReplayProfile {

    private ReplayProfile() {}

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000);
    }

    /** Runs both profiles over a corpus of {@code count} rules; returns the rules in the snapshot published from the checkpoint. */
    static int run(int count) throws Exception {
        ObjectMapper json = EventJson.MAPPER;
        RuleCorpus corpus = new RuleCorpus(count, 1, 7);
        List<byte[]> events = new ArrayList<>(count);
        List<String> keys = new ArrayList<>(count);
        Instant now = Instant.now();
        for (List<Rule> scope : List.of(corpus.environment, corpus.project, corpus.org)) {
            for (Rule rule : scope) {
                RuleState state = RuleState.of(rule, rule.scopeId(), now, "b", 1);
                keys.add(rule.id().toString());
                events.add(json.writeValueAsBytes(new ChangeEvent<>(
                        ChangeEvent.EntityType.rule,
                        ChangeEvent.Change.created,
                        rule.id(),
                        rule.scopeId(),
                        1,
                        false,
                        "b",
                        now,
                        state,
                        null)));
            }
        }
        // the service's ObjectMapper reads instants with the services' short way
        RuleEventReader reader = new RuleEventReader(json.copy().registerModule(UtcInstantDeserializer.module()));
        List<RuleEvent> parsed = new ArrayList<>(count);
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            parsed = new ArrayList<>(count);
            for (int i = 0; i < events.size(); i++) {
                parsed.add(reader.read(keys.get(i), events.get(i)));
            }
            long t1 = System.nanoTime();
            List<Rule> env = new ArrayList<>();
            List<Rule> project = new ArrayList<>();
            List<Rule> org = new ArrayList<>();
            for (RuleEvent event : parsed) {
                Rule rule = ((RuleEvent.RuleChange) event).rule();
                (rule.scope() == Scope.ENVIRONMENT ? env : rule.scope() == Scope.PROJECT ? project : org).add(rule);
            }
            long t2 = System.nanoTime();
            CompiledScope.compile(Scope.ENVIRONMENT, env);
            CompiledScope.compile(Scope.PROJECT, project);
            CompiledScope.compile(Scope.ORG, org);
            long t3 = System.nanoTime();
            System.out.printf(
                    "round %d, %d rules: read events (JSON and addresses) %d ms, sort by scope %d ms, compile %d ms%n",
                    round + 1, count, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }
        List<CheckpointRecord> records = new ArrayList<>(count);
        for (int i = 0; i < parsed.size(); i++) {
            records.add(new CheckpointRecord(0, i, keys.get(i), null, parsed.get(i), CheckpointRecord.AppliedTo.STORE));
        }
        Checkpoint checkpoint =
                new Checkpoint("ipfence.rules.v1", "topic-id", "0/1", Instant.now(), Map.of(0, (long) count), records);
        parsed = null;
        records = null;
        Path dir = Files.createTempDirectory("replay-profile");
        int published = 0;
        try {
            for (int round = 0; round < 2; round++) {
                long t0 = System.nanoTime();
                Path file = CheckpointFile.write(dir, checkpoint);
                long t1 = System.nanoTime();
                List<CheckpointRecord> read = CheckpointFile.read(dir).records();
                long t2 = System.nanoTime();
                RuleStore store = new RuleStore(Clock.systemUTC());
                for (CheckpointRecord record : read) {
                    store.apply(record.read(reader), "checkpoint");
                }
                long t3 = System.nanoTime();
                store.publish();
                long t4 = System.nanoTime();
                published = store.snapshot()
                        .scopes()
                        .values()
                        .toJavaStream()
                        .mapToInt(CompiledScope::size)
                        .sum();
                System.out.printf(
                        "round %d, checkpoint of %d rules (%d MB): write %d ms, read %d ms, apply to the store %d ms,"
                                + " publish (compile) %d ms%n",
                        round + 1,
                        read.size(),
                        Files.size(file) / 1_000_000,
                        (t1 - t0) / 1_000_000,
                        (t2 - t1) / 1_000_000,
                        (t3 - t2) / 1_000_000,
                        (t4 - t3) / 1_000_000);
            }
        } finally {
            Files.deleteIfExists(dir.resolve(CheckpointFile.NAME));
            Files.deleteIfExists(dir);
        }
        return published;
    }
}
