package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.bench.matcher.RuleCorpus;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.testing.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where enforcement-service's replay time goes, phase by phase, in one JVM: reading the event
 * JSON, turning rule states into matcher rules (address parsing), and compiling the snapshots.
 * {@code java ... ReplayProfile [rules]}
 */
public final class ReplayProfile {

    private ReplayProfile() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ObjectMapper json = EventJson.MAPPER;
        RuleCorpus corpus = new RuleCorpus(count, 1, 7);
        List<byte[]> events = new ArrayList<>(count);
        Instant now = Instant.now();
        for (List<Rule> scope : List.of(corpus.environment, corpus.project, corpus.org)) {
            for (Rule rule : scope) {
                var block = rule.block();
                RuleState state = new RuleState(
                        rule.id(),
                        rule.scopeId(),
                        rule.scope().wireName(),
                        rule.scopeId(),
                        block.isCidr() ? block.toString() : null,
                        block.isCidr()
                                ? null
                                : new RuleState.Range(
                                        block.first().toString(), block.last().toString()),
                        rule.action().wireName(),
                        List.of(),
                        true,
                        null,
                        null,
                        null,
                        now,
                        now,
                        "b",
                        "b",
                        1);
                events.add(json.writeValueAsBytes(
                        java.util.Map.of("entityType", "rule", "version", 1, "deleted", false, "entity", state)));
            }
        }
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            List<RuleState> states = new ArrayList<>(count);
            for (byte[] event : events) {
                JsonNode node = json.readTree(event);
                states.add(json.treeToValue(node.get("entity"), RuleState.class));
            }
            long t1 = System.nanoTime();
            List<Rule> env = new ArrayList<>();
            List<Rule> project = new ArrayList<>();
            List<Rule> org = new ArrayList<>();
            for (RuleState state : states) {
                Rule rule = state.toRule();
                (rule.scope() == Scope.ENVIRONMENT ? env : rule.scope() == Scope.PROJECT ? project : org).add(rule);
            }
            long t2 = System.nanoTime();
            CompiledScope.compile(Scope.ENVIRONMENT, env);
            CompiledScope.compile(Scope.PROJECT, project);
            CompiledScope.compile(Scope.ORG, org);
            long t3 = System.nanoTime();
            System.out.printf(
                    "round %d, %d rules: read JSON %d ms, parse addresses %d ms, compile %d ms%n",
                    round + 1, count, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }
    }
}
