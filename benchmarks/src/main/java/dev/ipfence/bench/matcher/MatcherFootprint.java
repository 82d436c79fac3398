package dev.ipfence.bench.matcher;

import dev.ipfence.core.matcher.ChainMatcher;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.time.Instant;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Compile time of the snapshot (best of 3) and heap bytes per rule of the compiled scopes,
 * measured with JOL: {@code java ... MatcherFootprint [rules...]}. The compiled scopes refer to the
 * rule objects the rule store holds anyway (for explanations and views); "matcher bytes" leaves
 * those out, "with rules" counts them. A rule's decision object is made on its first decision:
 * "after lookups" is measured again after a lookup at the first address of every rule.
 */
public final class MatcherFootprint {

    private MatcherFootprint() {}

    public record Result(
            int rules,
            long compileMillis,
            double matcherBytesPerRule,
            double matcherBytesPerRuleAfterLookups,
            double totalBytesPerRule) {}

    public static void main(String[] args) {
        int[] sizes = args.length == 0
                ? new int[] {1_000, 100_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println(
                "rules,compile_ms,matcher_bytes_per_rule,matcher_bytes_per_rule_after_lookups,bytes_per_rule_with_rule_objects");
        for (int size : sizes) {
            Result r = measure(size);
            System.out.printf(
                    "%d,%d,%.1f,%.1f,%.1f%n",
                    r.rules(),
                    r.compileMillis(),
                    r.matcherBytesPerRule(),
                    r.matcherBytesPerRuleAfterLookups(),
                    r.totalBytesPerRule());
        }
    }

    public static Result measure(int size) {
        RuleCorpus corpus = new RuleCorpus(size, 16, 42);
        long best = Long.MAX_VALUE;
        CompiledScope[] scopes = null;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            scopes = new CompiledScope[] {
                CompiledScope.compile(Scope.ENVIRONMENT, corpus.environment),
                CompiledScope.compile(Scope.PROJECT, corpus.project),
                CompiledScope.compile(Scope.ORG, corpus.org)
            };
            best = Math.min(best, System.nanoTime() - started);
        }
        long total = GraphLayout.parseInstance((Object[]) scopes).totalSize();
        long ruleObjects = GraphLayout.parseInstance(corpus.environment, corpus.project, corpus.org)
                .totalSize();
        long now = CompiledScope.micros(Instant.parse("2026-06-01T00:00:00Z"));
        for (List<Rule> scope : List.of(corpus.environment, corpus.project, corpus.org)) {
            for (Rule rule : scope) {
                ChainMatcher.decide(
                        scopes[0], scopes[1], scopes[2], rule.block().first(), null, now);
            }
        }
        long afterLookups = GraphLayout.parseInstance((Object[]) scopes).totalSize();
        return new Result(
                size,
                best / 1_000_000,
                (total - ruleObjects) / (double) size,
                (afterLookups - ruleObjects) / (double) size,
                total / (double) size);
    }
}
