package dev.ipfence.enforcement.state;

import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.matcher.CompiledChain;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.common.EnforcementConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Merged tables ({@link CompiledChain}) for the large environment chains that get decisions. A
 * decision asks for the current one; when there is none, or it was built from scopes that have
 * been recompiled since, the decision uses the three scopes (same result, a little slower) and a
 * background thread builds a new one. So a rule change is never waiting on a merge, and memory is
 * bounded by {@code ipfence.enforcement.matcher.merged-rules-max}.
 */
@ApplicationScoped
public class MergedChains {

    private static final Logger LOG = Logger.getLogger(MergedChains.class);

    private final RuleStore store;
    private final int mergeFrom;
    private final long rulesMax;
    private final ConcurrentHashMap<UUID, CompiledChain> chains = new ConcurrentHashMap<>();
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong mergedRules = new AtomicLong();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "ipfence-chain-merger");
        thread.setDaemon(true);
        return thread;
    });

    public MergedChains(RuleStore store, EnforcementConfig config, MeterRegistry registry) {
        this.store = store;
        this.mergeFrom = config.matcher().mergeChainsFrom();
        this.rulesMax = config.matcher().mergedRulesMax();
        Gauge.builder("ipfence.matcher.merged.chains", chains, Map::size)
                .description("Environment chains with a merged table")
                .register(registry);
        Gauge.builder("ipfence.matcher.merged.rules", mergedRules, AtomicLong::get)
                .description("Rules held in merged tables")
                .register(registry);
    }

    /**
     * The merged table of this environment's chain if it is current (built from exactly these
     * scopes), else null; a large chain without a current one gets one built in the background.
     */
    public CompiledChain current(
            UUID environmentId, CompiledScope environment, CompiledScope project, CompiledScope org) {
        CompiledChain chain = chains.get(environmentId);
        if (chain != null && chain.builtFrom(environment, project, org)) {
            return chain;
        }
        if ((long) environment.size() + project.size() + org.size() >= mergeFrom && pending.add(environmentId)) {
            try {
                builder.execute(() -> build(environmentId));
            } catch (RejectedExecutionException e) {
                pending.remove(environmentId);
            }
        }
        return null;
    }

    private void build(UUID environmentId) {
        try {
            EnvironmentState env = store.environment(environmentId);
            if (env == null) {
                drop(environmentId);
                return;
            }
            CompiledScope environment = store.compiled(Scope.ENVIRONMENT, env.id());
            CompiledScope project = store.compiled(Scope.PROJECT, env.projectId());
            CompiledScope org = store.compiled(Scope.ORG, env.orgId());
            long size = (long) environment.size() + project.size() + org.size();
            CompiledChain old = chains.get(environmentId);
            long held = mergedRules.get() - (old == null ? 0 : old.size());
            if (held + size > rulesMax) {
                dropOutdated();
                held = mergedRules.get() - (old == null ? 0 : old.size());
                if (held + size > rulesMax) {
                    LOG.debugf("No merged table for environment %s: %d rules over the limit", environmentId, size);
                    return;
                }
            }
            long started = System.nanoTime();
            CompiledChain chain = CompiledChain.of(environment, project, org);
            CompiledChain replaced = chains.put(environmentId, chain);
            mergedRules.addAndGet(chain.size() - (replaced == null ? 0 : replaced.size()));
            LOG.debugf(
                    "Merged the chain of environment %s: %d rules in %d ms",
                    environmentId, chain.size(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("Merging the chain of environment %s failed: %s", environmentId, e.getMessage());
        } finally {
            pending.remove(environmentId);
        }
    }

    /** Frees merged tables that are out of date or whose environment is gone. */
    private void dropOutdated() {
        for (Map.Entry<UUID, CompiledChain> entry : chains.entrySet()) {
            EnvironmentState env = store.environment(entry.getKey());
            CompiledChain chain = entry.getValue();
            if (env == null
                    || !chain.builtFrom(
                            store.compiled(Scope.ENVIRONMENT, env.id()),
                            store.compiled(Scope.PROJECT, env.projectId()),
                            store.compiled(Scope.ORG, env.orgId()))) {
                drop(entry.getKey());
            }
        }
    }

    private void drop(UUID environmentId) {
        CompiledChain removed = chains.remove(environmentId);
        if (removed != null) {
            mergedRules.addAndGet(-removed.size());
        }
    }

    /** Whether a merged table of this environment's chain is held (current or not). */
    public boolean holds(UUID environmentId) {
        return chains.containsKey(environmentId);
    }

    void stop(@Observes ShutdownEvent event) {
        builder.shutdownNow();
    }
}
