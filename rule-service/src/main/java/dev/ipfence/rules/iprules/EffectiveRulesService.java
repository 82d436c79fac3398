package dev.ipfence.rules.iprules;

import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.AccessModel;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.RuleConstraints;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.model.ScopeChain;
import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.hierarchy.HierarchyRepository;
import dev.ipfence.rules.iprules.RuleApi.EffectiveRules;
import dev.ipfence.rules.iprules.RuleApi.RuleResponse;
import dev.ipfence.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The rules taking part in the decision for an environment (access model, "The decision"). */
@ApplicationScoped
public class EffectiveRulesService {

    private final Pool pool;
    private final RuleRepository rules;
    private final HierarchyRepository hierarchy;
    private final Clock clock;

    public EffectiveRulesService(Pool pool, RuleRepository rules, HierarchyRepository hierarchy, Clock clock) {
        this.pool = pool;
        this.rules = rules;
        this.hierarchy = hierarchy;
        this.clock = clock;
    }

    public Uni<EffectiveRules> effective(UUID orgId, UUID environmentId, String trafficScope) {
        if (trafficScope != null) {
            RuleConstraints.checkTrafficScope(trafficScope).ifPresent(problem -> {
                throw ProblemException.badRequest("trafficScope", problem);
            });
        }
        Instant now = Clocks.now(clock);
        return hierarchy
                .findEnvironment(pool, orgId, environmentId, false)
                .map(env -> ProblemException.found(env, "Environment"))
                .flatMap(env -> hierarchy
                        .findProject(pool, orgId, env.projectId(), false)
                        .flatMap(project -> rules.listChain(pool, orgId, env.projectId(), env.id())
                                .map(chainRules -> {
                                    Map<UUID, RuleState> byId = chainRules.stream()
                                            .collect(Collectors.toMap(RuleState::id, Function.identity()));
                                    AccessModel.TakingPart takingPart =
                                            AccessModel.takingPart(chain(chainRules), trafficScope, now);
                                    List<RuleResponse> responses = takingPart.rules().stream()
                                            .map(rule -> RuleResponse.of(byId.get(rule.id())))
                                            .toList();
                                    Scope from = takingPart.allowListScope();
                                    if (from == null) {
                                        return new EffectiveRules(null, null, null, responses);
                                    }
                                    return switch (from) {
                                        case ENVIRONMENT ->
                                            new EffectiveRules(from.wireName(), env.id(), env.name(), responses);
                                        case PROJECT ->
                                            new EffectiveRules(
                                                    from.wireName(), project.id(), project.name(), responses);
                                        case ORG -> new EffectiveRules(from.wireName(), orgId, null, responses);
                                    };
                                })));
    }

    private static ScopeChain chain(List<RuleState> chainRules) {
        List<Rule> env = new ArrayList<>();
        List<Rule> project = new ArrayList<>();
        List<Rule> org = new ArrayList<>();
        for (RuleState state : chainRules) {
            Rule rule = state.toRule();
            switch (rule.scope()) {
                case ENVIRONMENT -> env.add(rule);
                case PROJECT -> project.add(rule);
                case ORG -> org.add(rule);
            }
        }
        return new ScopeChain(env, project, org);
    }
}
