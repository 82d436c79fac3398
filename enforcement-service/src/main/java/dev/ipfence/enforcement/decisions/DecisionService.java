package dev.ipfence.enforcement.decisions;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.model.ScopeChain;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.core.policy.PolicyModel;
import dev.ipfence.enforcement.blocked.BlockedAttempts;
import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.enforcement.state.RuleStore;
import dev.ipfence.enforcement.state.RulesTopicConsumer;
import dev.ipfence.enforcement.state.Snapshot;
import dev.ipfence.web.ProblemException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Decides for one client address in one environment, counts it, and reports every DENY. */
@Singleton
public class DecisionService {

    public static final Decision BAD_CLIENT_IP = Decision.without(Action.DENY, Decision.Reason.BAD_CLIENT_IP);

    /** What a request says about itself, for the blocked-attempt record. */
    public record RequestInfo(String method, String path, String target) {}

    /**
     * The rules that took part and the ones that contain the address, for {@code ?explain=true};
     * for a request with an identity, the policies covering its resource (else null).
     */
    public record Explanation(
            Scope allowListFrom, List<Rule> takingPart, List<Rule> matched, List<PolicyModel.Considered> policies) {}

    private final RuleStore store;
    private final Decider decider;
    private final RulesTopicConsumer consumer;
    private final BlockedAttempts blocked;
    private final Clock clock;
    private final MeterRegistry registry;
    private final int ruleSeriesMax;
    // counted per thread and summed when the registry is scraped: an increment on every decision
    // through a registered Counter goes through the composite registry and costs more than the lookup
    private final ThreadCounters decisions;
    private final int reasons;
    // a rule's number among the counted ones, given once: its hits are counter ruleHits[number]
    private final ConcurrentHashMap<UUID, Integer> ruleNumbers = new ConcurrentHashMap<>();
    private final ThreadCounters ruleHits;
    private final int otherRules;

    public DecisionService(
            RuleStore store,
            Decider decider,
            RulesTopicConsumer consumer,
            BlockedAttempts blocked,
            EnforcementConfig config,
            MeterRegistry registry) {
        this.store = store;
        this.decider = decider;
        this.consumer = consumer;
        this.blocked = blocked;
        this.clock = Clock.systemUTC();
        this.registry = registry;
        this.ruleSeriesMax = config.ruleHitSeriesMax();
        Action[] actions = Action.values();
        Decision.Reason[] reasons = Decision.Reason.values();
        this.reasons = reasons.length;
        this.decisions = new ThreadCounters(actions.length * reasons.length);
        for (Action action : actions) {
            for (Decision.Reason reason : reasons) {
                int counter = decisionCounter(action, reason);
                FunctionCounter.builder("ipfence.decisions", decisions, counts -> counts.sum(counter))
                        .description("Decisions answered, by result and reason")
                        .tag("decision", action.name())
                        .tag("reason", reason.name())
                        .register(registry);
            }
        }
        // counters 0 to ruleSeriesMax - 1 for rules by number, the last one for all other rules
        this.ruleHits = new ThreadCounters(ruleSeriesMax + 1);
        this.otherRules = ruleSeriesMax;
        registerRuleHits("other", otherRules);
    }

    private int decisionCounter(Action action, Decision.Reason reason) {
        return action.ordinal() * reasons + reason.ordinal();
    }

    private void registerRuleHits(String ruleId, int counter) {
        FunctionCounter.builder("ipfence.rule.hits", ruleHits, counts -> counts.sum(counter))
                .description("Decisions made by each rule")
                .tag("rule_id", ruleId)
                .register(registry);
    }

    /** 503 until the rules topic has been replayed: never a decision from a partial rule set. */
    public void requireReady() {
        if (!consumer.isReady()) {
            throw new ProblemException(
                    Response.Status.SERVICE_UNAVAILABLE, "Rules are still being loaded; no decision is given yet.");
        }
    }

    /**
     * The decision for a client address that could not be parsed ({@code raw} as given): a DENY,
     * never an error a proxy might treat as allow.
     */
    public Decision badClientIp(String raw, UUID environmentId, String trafficScope, RequestInfo request) {
        return counted(BAD_CLIENT_IP, environmentId, null, null, raw, trafficScope, request);
    }

    public static final Decision MISSING_CLIENT_IP = Decision.without(Action.DENY, Decision.Reason.MISSING_CLIENT_IP);

    /**
     * The decision when a trusted proxy sent no client address ({@code raw}: what it sent, or null):
     * a DENY, never a decision about the proxy itself.
     */
    public Decision missingClientIp(String raw, UUID environmentId, String trafficScope, RequestInfo request) {
        return counted(MISSING_CLIENT_IP, environmentId, null, null, raw, trafficScope, request);
    }

    public Decision decide(
            IpAddress client, String rawIp, UUID environmentId, String trafficScope, RequestInfo request) {
        return decide(client, rawIp, environmentId, trafficScope, request, null);
    }

    /** The decision for a request with {@code identity} (null: the IP decision alone). */
    public Decision decide(
            IpAddress client,
            String rawIp,
            UUID environmentId,
            String trafficScope,
            RequestInfo request,
            IdentityRequest identity) {
        Snapshot snapshot = store.snapshot();
        EnvironmentState env = snapshot.environment(environmentId);
        Decision decision = decider.decide(snapshot, env, client, trafficScope, nowMicros(), identity);
        return counted(decision, environmentId, env == null ? null : env.orgId(), client, rawIp, trafficScope, request);
    }

    /** The organization of an environment, or null when it is unknown. */
    public UUID orgOf(UUID environmentId) {
        EnvironmentState env = store.snapshot().environment(environmentId);
        return env == null ? null : env.orgId();
    }

    /** The reference model's view of the same decision; null for an unknown environment. */
    public Explanation explain(IpAddress client, UUID environmentId, String trafficScope, IdentityRequest identity) {
        Snapshot snapshot = store.snapshot();
        EnvironmentState env = snapshot.environment(environmentId);
        if (env == null) {
            return null;
        }
        ScopeChain chain = new ScopeChain(
                snapshot.compiled(Scope.ENVIRONMENT, env.id()).rules(),
                snapshot.compiled(Scope.PROJECT, env.projectId()).rules(),
                snapshot.compiled(Scope.ORG, env.orgId()).rules());
        Instant now = clock.instant();
        AccessModel.TakingPart takingPart = AccessModel.takingPart(chain, trafficScope, now);
        List<Rule> matched = takingPart.rules().stream()
                .filter(rule -> rule.block().contains(client))
                .sorted(AccessModel.MOST_SPECIFIC_FIRST)
                .toList();
        List<PolicyModel.Considered> policies = identity == null
                ? null
                : PolicyModel.evaluate(snapshot.policies(env.orgId()).source(), identity.at(client, now))
                        .considered();
        return new Explanation(takingPart.allowListScope(), takingPart.rules(), matched, policies);
    }

    /** Counts the decision; a DENY is reported with the client in canonical form (or as given, if unparseable). */
    private Decision counted(
            Decision decision,
            UUID environmentId,
            UUID orgId,
            IpAddress client,
            String raw,
            String trafficScope,
            RequestInfo request) {
        decisions.increment(decisionCounter(decision.action(), decision.reason()));
        if (decision.ruleId() != null) {
            ruleHits.increment(ruleCounter(decision.ruleId()));
        }
        if (decision.action() == Action.DENY) {
            blocked.record(new BlockedAttempts.Attempt(
                    environmentId,
                    orgId,
                    client != null ? client.toString() : raw,
                    request.method(),
                    request.path(),
                    request.target(),
                    System.currentTimeMillis(),
                    trafficScope,
                    decision.ruleId(),
                    decision.reason(),
                    decision.policyId()));
        }
        return decision;
    }

    /** The counter of {@code ruleId}'s hits: its own while fewer than rule-hit-series-max rules have one. */
    private int ruleCounter(UUID ruleId) {
        Integer counter = ruleNumbers.get(ruleId);
        if (counter != null) {
            return counter;
        }
        synchronized (ruleNumbers) {
            counter = ruleNumbers.get(ruleId);
            if (counter == null) {
                if (ruleNumbers.size() >= ruleSeriesMax) {
                    return otherRules;
                }
                counter = ruleNumbers.size();
                registerRuleHits(ruleId.toString(), counter);
                ruleNumbers.put(ruleId, counter);
            }
            return counter;
        }
    }

    private long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
