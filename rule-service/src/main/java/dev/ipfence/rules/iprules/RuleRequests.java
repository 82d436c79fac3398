package dev.ipfence.rules.iprules;

import dev.ipfence.rules.common.Clocks;
import dev.ipfence.rules.common.RulesConfig;
import dev.ipfence.rules.iprules.RuleApi.BulkRequest;
import dev.ipfence.rules.iprules.RuleApi.RuleRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * The rule API's request bodies as the services take them: a validated new rule, change of a rule
 * or bulk import, checked at the time of the request against the configured limits; a bad one is
 * refused here, naming every bad field and its value.
 */
@ApplicationScoped
public class RuleRequests {

    private final RulesConfig config;
    private final Clock clock;

    public RuleRequests(RulesConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public Validated<RuleInput.Spec> newRule(RuleRequest request) {
        Instant now = Clocks.now(clock);
        return new Validated<>(RuleInput.forCreate(request, now, config.maxTtlSeconds()), now);
    }

    public Validated<RuleChange> change(RuleRequest request) {
        Instant now = Clocks.now(clock);
        return new Validated<>(RuleInput.forChange(request, now, config.maxTtlSeconds()), now);
    }

    Validated<BulkPlan> bulkImport(BulkRequest request) {
        Instant now = Clocks.now(clock);
        return new Validated<>(BulkPlan.of(request, config.bulkMaxEntries(), now, config.maxTtlSeconds()), now);
    }
}
