package dev.ipfence.enforcement.state;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.matcher.CompiledChain;
import dev.ipfence.core.matcher.CompiledScope;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.common.EnforcementConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Chain tables ({@link CompiledChain}) for the large environment chains that get decisions, one
 * per traffic scope that the chain's rules name (and one for the rest). A decision asks the
 * current one; when there is none, or it was built from scopes that have been recompiled since or
 * for an allow list that has changed since, the decision uses the three scopes (same result,
 * slower) and a background thread builds a new one. So a rule change is never waiting on a build,
 * and memory is bounded by {@code ipfence.enforcement.matcher.chain-tables-rules-max}.
 */
@ApplicationScoped
public class ChainTables {

    private static final Logger LOG = Logger.getLogger(ChainTables.class);

    private final Supplier<Snapshot> snapshots;
    private final int tablesFrom;
    private final long rulesMax;
    private final Executor builder;
    private final ConcurrentHashMap<Key, CompiledChain> chains = new ConcurrentHashMap<>();
    private final Set<Key> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong tableRules = new AtomicLong();

    @Inject
    public ChainTables(RuleStore store, EnforcementConfig config, MeterRegistry registry) {
        this(
                store::snapshot,
                config.matcher().chainTablesFrom(),
                config.matcher().chainTablesRulesMax(),
                Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "ipfence-chain-tables");
                    thread.setDaemon(true);
                    return thread;
                }));
        Gauge.builder("ipfence.matcher.chain.tables", this, ChainTables::tablesHeld)
                .description("Chain tables held (one per environment and traffic scope)")
                .register(registry);
        Gauge.builder("ipfence.matcher.chain.tables.rules", this, ChainTables::rulesHeld)
                .description("Rules held in chain tables")
                .register(registry);
        // the names before chain tables were named: published until the next release
        Gauge.builder("ipfence.matcher.merged.chains", this, ChainTables::tablesHeld)
                .description("Deprecated, removed in the next release: ipfence.matcher.chain.tables")
                .register(registry);
        Gauge.builder("ipfence.matcher.merged.rules", this, ChainTables::rulesHeld)
                .description("Deprecated, removed in the next release: ipfence.matcher.chain.tables.rules")
                .register(registry);
    }

    /**
     * Tables built by {@code builder} from the current snapshot, for chains of {@code tablesFrom}
     * rules or more, at most {@code rulesMax} rules in all.
     */
    public ChainTables(Supplier<Snapshot> snapshots, int tablesFrom, long rulesMax, Executor builder) {
        this.snapshots = snapshots;
        this.tablesFrom = tablesFrom;
        this.rulesMax = rulesMax;
        this.builder = builder;
    }

    /** An environment's chain table for one traffic scope (null: requests whose traffic scope no rule names). */
    private record Key(UUID environmentId, String trafficScope) {}

    /**
     * The decision from the current table of this environment's chain for {@code trafficScope}, or
     * null when there is none or it leaves the decision to the scopes (the caller asks them). A
     * table is current when built from exactly these scopes for the allow list at {@code
     * nowMicros}; a large chain without one gets one built in the background.
     */
    public Decision decide(
            UUID environmentId,
            CompiledScope environment,
            CompiledScope project,
            CompiledScope org,
            IpAddress client,
            String trafficScope,
            long nowMicros) {
        CompiledChain table = chains.get(new Key(environmentId, trafficScope));
        if (table == null && trafficScope != null) {
            // traffic scopes no rule names share the table of requests without one
            table = chains.get(new Key(environmentId, null));
        }
        if (table != null && table.builtFrom(environment, project, org)) {
            Decision decision = table.decide(client.family(), client.hi(), client.lo(), trafficScope, nowMicros);
            // null from a table that answers: an expiring rule takes part there, the scopes check it
            if (decision != null || table.answers(trafficScope, nowMicros)) {
                return decision;
            }
        }
        if ((long) environment.size() + project.size() + org.size() >= tablesFrom) {
            Key key = new Key(environmentId, CompiledChain.tableTrafficScope(environment, project, org, trafficScope));
            if (pending.add(key)) {
                try {
                    builder.execute(() -> build(key));
                } catch (RejectedExecutionException e) {
                    pending.remove(key);
                }
            }
        }
        return null;
    }

    private void build(Key key) {
        UUID environmentId = key.environmentId();
        try {
            Snapshot snapshot = snapshots.get();
            EnvironmentState env = snapshot.environment(environmentId);
            if (env == null) {
                drop(key);
                return;
            }
            CompiledScope environment = snapshot.compiled(Scope.ENVIRONMENT, env.id());
            CompiledScope project = snapshot.compiled(Scope.PROJECT, env.projectId());
            CompiledScope org = snapshot.compiled(Scope.ORG, env.orgId());
            long size = (long) environment.size() + project.size() + org.size();
            CompiledChain old = chains.get(key);
            long held = tableRules.get() - (old == null ? 0 : old.size());
            if (held + size > rulesMax) {
                dropOutdated();
                held = tableRules.get() - (old == null ? 0 : old.size());
                if (held + size > rulesMax) {
                    LOG.debugf("No chain table for environment %s: %d rules over the limit", environmentId, size);
                    return;
                }
            }
            long started = System.nanoTime();
            CompiledChain chain = CompiledChain.of(environment, project, org, key.trafficScope(), nowMicros());
            CompiledChain replaced = chains.put(key, chain);
            tableRules.addAndGet(chain.size() - (replaced == null ? 0 : replaced.size()));
            LOG.debugf(
                    "Built the chain table of environment %s for traffic scope %s: %d rules in %d ms",
                    environmentId, key.trafficScope(), chain.size(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("Building the chain table of environment %s failed: %s", environmentId, e.getMessage());
        } finally {
            pending.remove(key);
        }
    }

    private static long nowMicros() {
        return Liveness.micros(Instant.now());
    }

    /** Frees tables that are out of date or whose environment is gone. */
    private void dropOutdated() {
        long now = nowMicros();
        Snapshot snapshot = snapshots.get();
        for (Map.Entry<Key, CompiledChain> entry : chains.entrySet()) {
            EnvironmentState env = snapshot.environment(entry.getKey().environmentId());
            CompiledChain chain = entry.getValue();
            if (env == null
                    || !chain.builtFrom(
                            snapshot.compiled(Scope.ENVIRONMENT, env.id()),
                            snapshot.compiled(Scope.PROJECT, env.projectId()),
                            snapshot.compiled(Scope.ORG, env.orgId()))
                    || !chain.answers(chain.trafficScope(), now)) {
                drop(entry.getKey());
            }
        }
    }

    private void drop(Key key) {
        CompiledChain removed = chains.remove(key);
        if (removed != null) {
            tableRules.addAndGet(-removed.size());
        }
    }

    /** Chain tables held, current or not. */
    public int tablesHeld() {
        return chains.size();
    }

    /** Rules in the chain tables held. */
    public long rulesHeld() {
        return tableRules.get();
    }

    void stop(@Observes ShutdownEvent event) {
        if (builder instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }
}
