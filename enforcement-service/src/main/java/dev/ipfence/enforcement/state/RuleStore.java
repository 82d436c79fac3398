package dev.ipfence.enforcement.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current state rebuilt from {@code ipfence.rules.v1}, and the compiled scopes decisions read.
 *
 * <p>One writer (the topic consumer) applies events and then {@link #rebuildDirty() recompiles}
 * the scopes they touched, each once per batch; readers only see whole compiled scopes, swapped
 * atomically into a concurrent map. Events may come in any order across entities (a rule before
 * its environment); per entity, the highest version wins and older or repeated ones are ignored.
 */
@ApplicationScoped
public class RuleStore {

    private final ObjectMapper json;
    private final ConcurrentHashMap<UUID, EnvironmentState> environments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, CompiledScope> compiled = new ConcurrentHashMap<>();

    // writer-only state
    private final Map<UUID, Map<UUID, RuleState>> rulesByScope = new HashMap<>();
    private final Map<UUID, Scope> scopeKinds = new HashMap<>();
    private final Map<UUID, UUID> ruleScopes = new HashMap<>();
    private final Map<UUID, Long> versions = new HashMap<>();
    private final Set<UUID> dirty = new HashSet<>();
    private long ruleCount;

    public RuleStore(ObjectMapper json) {
        this.json = json;
    }

    /** The environment, or null when no event has named it (yet). */
    public EnvironmentState environment(UUID id) {
        return environments.get(id);
    }

    /** The compiled rules at a scope; an empty set when it has none. */
    public CompiledScope compiled(Scope scope, UUID scopeId) {
        CompiledScope found = compiled.get(scopeId);
        return found != null ? found : Empties.of(scope);
    }

    public long ruleCount() {
        return ruleCount;
    }

    /** Applies one record: {@code value} is the event data, or null for a tombstone. */
    public void apply(String key, byte[] value) throws IOException {
        UUID id = UUID.fromString(key);
        if (value == null) {
            forget(id);
            return;
        }
        JsonNode event = json.readTree(value);
        long version = event.get("version").asLong();
        Long seen = versions.get(id);
        if (seen != null && seen >= version) {
            return;
        }
        versions.put(id, version);
        boolean deleted = event.get("deleted").asBoolean();
        JsonNode entity = event.get("entity");
        switch (event.get("entityType").asText()) {
            case "environment" -> {
                if (deleted) {
                    environments.remove(id);
                } else {
                    environments.put(id, json.treeToValue(entity, EnvironmentState.class));
                }
            }
            case "rule" -> {
                removeRule(id);
                if (!deleted) {
                    putRule(json.treeToValue(entity, RuleState.class));
                }
            }
            default -> {
                // projects carry nothing a decision needs: an environment names its project and organization
            }
        }
    }

    /** Recompiles every scope changed since the last call; returns how many. */
    public int rebuildDirty() {
        for (UUID scopeId : dirty) {
            Map<UUID, RuleState> rules = rulesByScope.get(scopeId);
            if (rules == null || rules.isEmpty()) {
                compiled.remove(scopeId);
                rulesByScope.remove(scopeId);
                continue;
            }
            List<Rule> list = new ArrayList<>(rules.size());
            for (RuleState state : rules.values()) {
                list.add(state.toRule());
            }
            compiled.put(scopeId, CompiledScope.compile(scopeKinds.get(scopeId), list));
        }
        int count = dirty.size();
        dirty.clear();
        return count;
    }

    private void putRule(RuleState rule) {
        UUID scopeId = rule.scopeId();
        rulesByScope.computeIfAbsent(scopeId, k -> new HashMap<>()).put(rule.id(), rule);
        scopeKinds.put(scopeId, Scope.fromWireName(rule.scope()));
        ruleScopes.put(rule.id(), scopeId);
        dirty.add(scopeId);
        ruleCount++;
    }

    private void removeRule(UUID id) {
        UUID scopeId = ruleScopes.remove(id);
        if (scopeId != null) {
            rulesByScope.get(scopeId).remove(id);
            dirty.add(scopeId);
            ruleCount--;
        }
    }

    private void forget(UUID id) {
        environments.remove(id);
        removeRule(id);
    }

    /** Shared empty scopes, so that a decision never allocates one. */
    private static final class Empties {
        private static final CompiledScope ORG = CompiledScope.empty(Scope.ORG);
        private static final CompiledScope PROJECT = CompiledScope.empty(Scope.PROJECT);
        private static final CompiledScope ENVIRONMENT = CompiledScope.empty(Scope.ENVIRONMENT);

        static CompiledScope of(Scope scope) {
            return switch (scope) {
                case ORG -> ORG;
                case PROJECT -> PROJECT;
                case ENVIRONMENT -> ENVIRONMENT;
            };
        }
    }
}
