package dev.ipfence.core.matcher;

import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a whole environment chain (environment, project, organization) merged into one
 * table, so that a lookup reads one bucket and one segment instead of three of each: for large
 * chains that get traffic. Members are in the access model's full order (scope included), so the
 * first member taking part decides. Built from three {@link CompiledScope}s and valid as long as
 * they are the current ones ({@link #builtFrom}); the allow list still comes from them.
 */
public final class CompiledChain {

    private final CompiledScope environment;
    private final CompiledScope project;
    private final CompiledScope org;
    private final CompiledRules compiled;

    private CompiledChain(CompiledScope environment, CompiledScope project, CompiledScope org) {
        this.environment = environment;
        this.project = project;
        this.org = org;
        List<Rule> all = new ArrayList<>(environment.size() + project.size() + org.size());
        for (CompiledScope scope : List.of(environment, project, org)) {
            // the live ones: inactive rules never match
            all.addAll(scope.rules().subList(0, scope.size()));
        }
        this.compiled = new CompiledRules(all, true);
    }

    public static CompiledChain of(CompiledScope environment, CompiledScope project, CompiledScope org) {
        return new CompiledChain(environment, project, org);
    }

    /** Whether this chain was built from exactly these compiled scopes (so it is current). */
    public boolean builtFrom(CompiledScope environment, CompiledScope project, CompiledScope org) {
        return this.environment == environment && this.project == project && this.org == org;
    }

    public CompiledScope environment() {
        return environment;
    }

    public CompiledScope project() {
        return project;
    }

    public CompiledScope org() {
        return org;
    }

    /** Live rules of the chain. */
    public int size() {
        return compiled.live();
    }

    int tokenId(String trafficScope) {
        return compiled.tokenId(trafficScope);
    }

    Ipv4Table ipv4() {
        return compiled.ipv4;
    }

    Ipv6Table ipv6() {
        return compiled.ipv6;
    }

    /** The decision of a member of {@code table}, or when it is {@link RuleTable#NONE} the one without a rule. */
    Decision decision(RuleTable table, int member, boolean allowList) {
        // chosen without a branch on whether a rule decided (see RuleTable.firstTakingPart)
        int at = member == RuleTable.NONE ? compiled.noRule(allowList) : table.ruleBase + RuleTable.rule(member);
        return compiled.decisionAt(at);
    }
}
