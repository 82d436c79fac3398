package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.bench.matcher.RuleCorpus;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.enforcement.state.RuleEventReader;
import dev.ipfence.testing.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where enforcement-service's replay time goes, phase by phase, in one JVM: reading the events
 * as the service does ({@link RuleEventReader#read}: JSON, addresses and the contract's checks), and compiling the snapshots.
 * {@code java ... ReplayProfile [rules]}
 */
public final class ReplayProfile {

    private ReplayProfile() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
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
        RuleEventReader reader = new RuleEventReader(json);
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            List<RuleEvent> parsed = new ArrayList<>(count);
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
    }
}
