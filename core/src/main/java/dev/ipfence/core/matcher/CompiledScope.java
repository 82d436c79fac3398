package dev.ipfence.core.matcher;

import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The rules of one scope compiled for lookups (docs/matcher.md). Immutable, so any number of
 * threads read it without locks, and a lookup allocates nothing (a rule is its own decision).
 * Expiry and traffic scopes are checked at lookup time against the caller's clock, so a rule that
 * expires needs no rebuild.
 */
public final class CompiledScope {

    private final Scope scope;
    private final CompiledRules compiled;
    private final long allTrafficAllowUntil;
    private final long[] trafficScopeAllowUntil;

    private CompiledScope(Scope scope, Collection<Rule> all) {
        this.scope = scope;
        this.compiled = new CompiledRules(all);
        Map<String, Integer> trafficScopeIds = compiled.trafficScopeIds();
        long allUntil = Long.MIN_VALUE;
        long[] trafficScopeUntil = new long[trafficScopeIds.size()];
        Arrays.fill(trafficScopeUntil, Long.MIN_VALUE);
        for (int i = 0; i < compiled.live(); i++) {
            Rule rule = compiled.rules[i];
            if (rule.action() == Action.ALLOW) {
                long expiresAt = Liveness.expiresAt(rule);
                if (rule.trafficScopes().isEmpty()) {
                    allUntil = Math.max(allUntil, expiresAt);
                }
                for (String trafficScope : rule.trafficScopes()) {
                    int id = trafficScopeIds.get(trafficScope);
                    trafficScopeUntil[id] = Math.max(trafficScopeUntil[id], expiresAt);
                }
            }
        }
        allTrafficAllowUntil = allUntil;
        trafficScopeAllowUntil = trafficScopeUntil;
    }

    public static CompiledScope compile(Scope scope, Collection<Rule> rules) {
        return new CompiledScope(scope, rules);
    }

    public static CompiledScope empty(Scope scope) {
        return new CompiledScope(scope, List.of());
    }

    public Scope scope() {
        return scope;
    }

    /** Every rule of the scope, inactive ones included (for explanations and views). */
    public List<Rule> rules() {
        return Collections.unmodifiableList(Arrays.asList(compiled.rules));
    }

    /** This scope's traffic scope id for a traffic scope, or -1 when none of its rules names it (or it is null). */
    int trafficScopeId(String trafficScope) {
        return compiled.trafficScopeId(trafficScope);
    }

    /** Whether a live allow rule for this traffic scope id exists here, i.e. this scope has an allow list. */
    boolean hasLiveAllow(int trafficScopeId, long nowMicros) {
        return !Liveness.expired(allTrafficAllowUntil, nowMicros)
                || (trafficScopeId != Liveness.NO_TRAFFIC_SCOPE
                        && !Liveness.expired(trafficScopeAllowUntil[trafficScopeId], nowMicros));
    }

    Ipv4Table ipv4() {
        return compiled.ipv4;
    }

    Ipv6Table ipv6() {
        return compiled.ipv6;
    }

    CompiledRules compiled() {
        return compiled;
    }

    Decision decision(RuleTable table, int rule) {
        return compiled.decision(table, rule);
    }

    /** Live rules. */
    public int size() {
        return compiled.live();
    }
}
