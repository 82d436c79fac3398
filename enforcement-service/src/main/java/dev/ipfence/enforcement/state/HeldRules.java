package dev.ipfence.enforcement.state;

import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The IP access rules of the rules topic, by scope, on the writer's side of the {@link RuleStore}:
 * which scopes changed since the last publish, and which could not be compiled.
 */
final class HeldRules {

    private static final Logger LOG = Logger.getLogger(RuleStore.class);

    /** A compiled scope (null: it has no rules left), or why it could not be compiled. */
    private record Compiled(UUID scopeId, CompiledScope scope, String problem) {}

    private final Map<UUID, Map<UUID, Rule>> byScope = new HashMap<>();
    private final Map<UUID, Scope> scopeKinds = new HashMap<>();
    private final Map<UUID, UUID> ruleScopes = new HashMap<>();
    private final Set<UUID> dirtyScopes = new HashSet<>();
    private final Map<UUID, String> uncompilable = new HashMap<>();
    private long count;

    /** Forgets everything; the {@code published} scopes are compiled (to nothing) again. */
    void clear(Set<UUID> published) {
        byScope.clear();
        scopeKinds.clear();
        ruleScopes.clear();
        uncompilable.clear();
        dirtyScopes.clear();
        dirtyScopes.addAll(published);
        count = 0;
    }

    long count() {
        return count;
    }

    /** The scope of a held rule, or null. */
    UUID scopeOf(UUID ruleId) {
        return ruleScopes.get(ruleId);
    }

    /** Scopes that could not be compiled. */
    Set<UUID> uncompilable() {
        return uncompilable.keySet();
    }

    /**
     * Holds {@code rule} in place of the rule held under {@code id}; null: none is held under it
     * now. A rule under its own id takes one lookup to find what it replaces.
     */
    void replace(UUID id, Rule rule) {
        if (rule == null || !rule.id().equals(id)) {
            remove(id);
        }
        if (rule != null) {
            UUID before = ruleScopes.put(rule.id(), rule.scopeId());
            if (before != null) {
                leaveScope(before, rule.id());
            }
            hold(rule.scopeId(), rule);
        }
    }

    /** Stops holding the rule under {@code id}, if one is held. */
    void remove(UUID id) {
        UUID scopeId = ruleScopes.remove(id);
        if (scopeId != null) {
            leaveScope(scopeId, id);
        }
    }

    /** Adds {@code rule} to its scope (its scope is already recorded in {@link #ruleScopes}). */
    private void hold(UUID scopeId, Rule rule) {
        byScope.computeIfAbsent(scopeId, k -> new HashMap<>()).put(rule.id(), rule);
        scopeKinds.put(scopeId, rule.scope());
        dirtyScopes.add(scopeId);
        count++;
    }

    /** Takes the rule {@code id} out of its scope {@code scopeId} (its entry in {@link #ruleScopes} is gone or replaced). */
    private void leaveScope(UUID scopeId, UUID id) {
        Map<UUID, Rule> rules = byScope.get(scopeId);
        rules.remove(id);
        if (rules.isEmpty()) {
            byScope.remove(scopeId);
        }
        dirtyScopes.add(scopeId);
        count--;
    }

    /** How many scopes changed since the last {@link #compileChanged}. */
    int changedCount() {
        return dirtyScopes.size();
    }

    /**
     * Compiles every scope changed since the last call, side by side, into {@code published};
     * returns the new map. A scope that fails to compile keeps failing closed until it changes
     * again.
     */
    io.vavr.collection.HashMap<UUID, CompiledScope> compileChanged(
            io.vavr.collection.HashMap<UUID, CompiledScope> published,
            BiFunction<Scope, Collection<Rule>, CompiledScope> compiler) {
        List<UUID> changed = new ArrayList<>(dirtyScopes);
        dirtyScopes.clear();
        List<Compiled> results = (changed.size() > 1 ? changed.parallelStream() : changed.stream())
                .map(scopeId -> compile(scopeId, compiler))
                .toList();
        io.vavr.collection.HashMap<UUID, CompiledScope> scopes = published;
        for (Compiled result : results) {
            if (result.problem() != null) {
                LOG.errorf(
                        "Scope %s could not be compiled; its chains answer RULES_UNAVAILABLE until it changes: %s",
                        result.scopeId(), result.problem());
                uncompilable.put(result.scopeId(), result.problem());
            } else {
                uncompilable.remove(result.scopeId());
                scopes = result.scope() == null
                        ? scopes.remove(result.scopeId())
                        : scopes.put(result.scopeId(), result.scope());
            }
        }
        return scopes;
    }

    private Compiled compile(UUID scopeId, BiFunction<Scope, Collection<Rule>, CompiledScope> compiler) {
        Map<UUID, Rule> rules = byScope.get(scopeId);
        if (rules == null || rules.isEmpty()) {
            return new Compiled(scopeId, null, null);
        }
        try {
            return new Compiled(scopeId, compiler.apply(scopeKinds.get(scopeId), rules.values()), null);
        } catch (RuntimeException e) {
            return new Compiled(scopeId, null, e.toString());
        }
    }
}
