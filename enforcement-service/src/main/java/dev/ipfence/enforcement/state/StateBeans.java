package dev.ipfence.enforcement.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.enforcement.common.EnforcementConfig;
import dev.ipfence.web.apikeys.ApiKeyTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The plain classes of the rule state, as beans of the service. */
@ApplicationScoped
public class StateBeans {

    @Produces
    @Singleton
    RuleStore ruleStore(EnforcementConfig config) {
        OrganizationShard shard =
                new OrganizationShard(config.shard().index(), config.shard().count());
        return new RuleStore(Clock.systemUTC(), shard);
    }

    /** The API keys of the rules topic: the key directory of this service (fed by {@link RulesTopicConsumer}). */
    @Produces
    @Singleton
    ApiKeyTable apiKeyTable(ObjectMapper json) {
        return new ApiKeyTable(json);
    }

    @Produces
    @Singleton
    RuleEventReader ruleEventReader(ObjectMapper json) {
        return new RuleEventReader(json);
    }
}
