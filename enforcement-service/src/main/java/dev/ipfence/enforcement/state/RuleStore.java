package dev.ipfence.enforcement.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    private final Map<UUID, Map<UUID, Rule>> rulesByScope = new HashMap<>();
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

    /**
     * One record, read: a tombstone ({@code tombstone}), or an entity event. Reading is pure and
     * thread-safe, so a batch is read on all cores before it is applied in order.
     */
    public record Parsed(
            UUID id,
            String entityType,
            boolean tombstone,
            long version,
            boolean deleted,
            EnvironmentState environment,
            Rule rule,
            Scope scope,
            UUID scopeId) {}

    /** Reads one record: {@code value} is the event data, or null for a tombstone. */
    public Parsed parse(String key, byte[] value) throws IOException {
        UUID id = UUID.fromString(key);
        if (value == null) {
            return new Parsed(id, null, true, 0, true, null, null, null, null);
        }
        // streamed: the entity is bound straight from the parser and "previous" is skipped unread
        String type = null;
        long version = 0;
        boolean deleted = false;
        Object entity = null;
        JsonNode entityTree = null;
        try (JsonParser parser = json.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a rule event is a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "entityType" -> type = parser.getText();
                    case "version" -> version = parser.getLongValue();
                    case "deleted" -> deleted = token == JsonToken.VALUE_TRUE;
                    case "entity" -> {
                        if (token == JsonToken.VALUE_NULL) {
                            break;
                        }
                        if (type == null) {
                            // the type comes later in this event: keep the entity as a tree until then
                            entityTree = json.readTree(parser);
                        } else {
                            entity = readEntity(parser, type);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        if (type == null) {
            throw new IOException("a rule event names its entityType");
        }
        if (entityTree != null) {
            entity = readEntity(entityTree.traverse(json), type);
        }
        return switch (type) {
            case "environment" ->
                new Parsed(
                        id,
                        type,
                        false,
                        version,
                        deleted,
                        deleted ? null : (EnvironmentState) entity,
                        null,
                        null,
                        null);
            case "rule" -> {
                RuleState state = (RuleState) entity;
                yield new Parsed(
                        id,
                        type,
                        false,
                        version,
                        deleted,
                        null,
                        deleted ? null : state.toRule(),
                        Scope.fromWireName(state.scope()),
                        state.scopeId());
            }
            // projects carry nothing a decision needs: an environment names its project and organization
            default -> new Parsed(id, type, false, version, deleted, null, null, null, null);
        };
    }

    private Object readEntity(JsonParser parser, String type) throws IOException {
        if (parser.currentToken() == null) {
            parser.nextToken();
        }
        return switch (type) {
            case "environment" -> json.readValue(parser, EnvironmentState.class);
            case "rule" -> json.readValue(parser, RuleState.class);
            default -> {
                parser.skipChildren();
                yield null;
            }
        };
    }

    /** Applies one record read by {@link #parse}; the highest version of an entity wins. */
    public void apply(Parsed event) {
        UUID id = event.id();
        if (event.tombstone()) {
            forget(id);
            return;
        }
        Long seen = versions.get(id);
        if (seen != null && seen >= event.version()) {
            return;
        }
        versions.put(id, event.version());
        switch (event.entityType()) {
            case "environment" -> {
                if (event.deleted()) {
                    environments.remove(id);
                } else {
                    environments.put(id, event.environment());
                }
            }
            case "rule" -> {
                removeRule(id);
                if (!event.deleted()) {
                    putRule(event.rule());
                }
            }
            default -> {
                // nothing to keep
            }
        }
    }

    /** Recompiles every scope changed since the last call, scopes side by side; returns how many. */
    public int rebuildDirty() {
        List<UUID> changed = new ArrayList<>(dirty);
        dirty.clear();
        List<CompiledScope> results = (changed.size() > 1 ? changed.parallelStream() : changed.stream())
                .map(scopeId -> {
                    Map<UUID, Rule> rules = rulesByScope.get(scopeId);
                    return rules == null || rules.isEmpty()
                            ? null
                            : CompiledScope.compile(scopeKinds.get(scopeId), rules.values());
                })
                .toList();
        for (int i = 0; i < changed.size(); i++) {
            UUID scopeId = changed.get(i);
            if (results.get(i) == null) {
                compiled.remove(scopeId);
                rulesByScope.remove(scopeId);
            } else {
                compiled.put(scopeId, results.get(i));
            }
        }
        return changed.size();
    }

    private void putRule(Rule rule) {
        UUID scopeId = rule.scopeId();
        rulesByScope.computeIfAbsent(scopeId, k -> new HashMap<>()).put(rule.id(), rule);
        scopeKinds.put(scopeId, rule.scope());
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
