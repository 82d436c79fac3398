package dev.ipfence.bench.matcher;

import dev.ipfence.core.matcher.ChainMatcher;
import dev.ipfence.core.matcher.CompiledChain;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.time.Instant;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Compile time of the snapshot (best of 3) and heap bytes per rule of the compiled scopes,
 * measured with JOL: {@code java ... MatcherFootprint [rules...]}. The compiled scopes refer to the
 * rule objects the rule store holds anyway (for explanations and views); "matcher bytes" leaves
 * those out, "with rules" counts them. "After lookups" is measured again after a lookup at the
 * first address of every rule, to show that deciding keeps nothing (a rule is its own decision,
 * where a decision object per rule used to be made at its first match). Last, the
 * chain's table of answers ({@link CompiledChain}): build time (best of 3) and its own bytes per
 * rule, on top of the scopes.
 */
public final class MatcherFootprint {

    private MatcherFootprint() {}

    public record Result(
            RuleCorpus.AllowList allowList,
            int rules,
            long compileMillis,
            double matcherBytesPerRule,
            double matcherBytesPerRuleAfterLookups,
            double totalBytesPerRule,
            long chainTableMillis,
            double chainTableBytesPerRule) {}

    public static void main(String[] args) {
        int[] sizes = args.length == 0
                ? new int[] {1_000, 100_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("allow_list,rules,compile_ms,matcher_bytes_per_rule,matcher_bytes_per_rule_after_lookups,"
                + "bytes_per_rule_with_rule_objects,chain_table_ms,chain_table_bytes_per_rule");
        for (RuleCorpus.AllowList allowList : RuleCorpus.AllowList.values()) {
            for (int size : sizes) {
                print(measure(size, allowList));
            }
        }
    }

    private static void print(Result r) {
        System.out.printf(
                "%s,%d,%d,%.1f,%.1f,%.1f,%d,%.1f%n",
                r.allowList(),
                r.rules(),
                r.compileMillis(),
                r.matcherBytesPerRule(),
                r.matcherBytesPerRuleAfterLookups(),
                r.totalBytesPerRule(),
                r.chainTableMillis(),
                r.chainTableBytesPerRule());
    }

    public static Result measure(int size, RuleCorpus.AllowList allowList) {
        RuleCorpus corpus = new RuleCorpus(size, 16, 42, allowList);
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
        long now = Liveness.micros(Instant.parse("2026-06-01T00:00:00Z"));
        for (List<Rule> scope : List.of(corpus.environment, corpus.project, corpus.org)) {
            for (Rule rule : scope) {
                ChainMatcher.decide(
                        scopes[0], scopes[1], scopes[2], rule.block().first(), null, now);
            }
        }
        long afterLookups = GraphLayout.parseInstance((Object[]) scopes).totalSize();
        long bestTable = Long.MAX_VALUE;
        CompiledChain chain = null;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            chain = CompiledChain.of(scopes[0], scopes[1], scopes[2], null, now);
            bestTable = Math.min(bestTable, System.nanoTime() - started);
        }
        // the chain table's own bytes: what it adds to the scopes (and rules) it was built from
        long withChain = GraphLayout.parseInstance(chain).totalSize();
        return new Result(
                allowList,
                size,
                best / 1_000_000,
                (total - ruleObjects) / (double) size,
                (afterLookups - ruleObjects) / (double) size,
                total / (double) size,
                bestTable / 1_000_000,
                (withChain - afterLookups) / (double) size);
    }
}
