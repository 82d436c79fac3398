package dev.ipfence.bench.system;

import dev.ipfence.bench.matcher.RuleCorpus;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.testing.EventJson;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The records of a rules topic of many organizations, generated the same for every reader: each
 * organization has 10 projects of 10 environments; rule {@code i} belongs to organization {@code i
 * mod organizations}, on the organization (10%), a project (30%) or an environment (60%).
 */
final class GeneratedRulesTopic {
    final int organizations;
    final UUID[] orgIds;
    final UUID[] projectIds;
    final UUID[] envIds;
    final Instant now = Instant.parse("2026-12-01T00:00:00Z");

    GeneratedRulesTopic(int organizations) {
        this.organizations = organizations;
        Random ids = new Random(5);
        orgIds = new UUID[organizations];
        projectIds = new UUID[organizations * 10];
        envIds = new UUID[organizations * 100];
        for (int o = 0; o < organizations; o++) {
            orgIds[o] = new UUID(ids.nextLong(), ids.nextLong());
            for (int p = 0; p < 10; p++) {
                projectIds[o * 10 + p] = new UUID(ids.nextLong(), ids.nextLong());
                for (int e = 0; e < 10; e++) {
                    envIds[o * 100 + p * 10 + e] = new UUID(ids.nextLong(), ids.nextLong());
                }
            }
        }
    }

    void environments(int org, List<String> keys, List<byte[]> values) throws Exception {
        for (int e = 0; e < 100; e++) {
            UUID env = envIds[org * 100 + e];
            EnvironmentState state =
                    new EnvironmentState(env, orgIds[org], projectIds[org * 10 + e / 10], "env", now, now, "b", "b", 1);
            keys.add(env.toString());
            values.add(EventJson.MAPPER.writeValueAsBytes(new ChangeEvent<>(
                    ChangeEvent.EntityType.environment,
                    ChangeEvent.Change.created,
                    env,
                    orgIds[org],
                    1,
                    false,
                    "b",
                    now,
                    state,
                    null)));
        }
    }

    void rule(int i, Random random, List<String> keys, List<byte[]> values) throws Exception {
        int orgIndex = i % organizations;
        int kind = (i / organizations) % 10;
        UUID org = orgIds[orgIndex];
        Scope scope = kind == 0 ? Scope.ORG : kind <= 3 ? Scope.PROJECT : Scope.ENVIRONMENT;
        UUID scopeId = switch (scope) {
            case ORG -> org;
            case PROJECT -> projectIds[orgIndex * 10 + random.nextInt(10)];
            case ENVIRONMENT -> envIds[orgIndex * 100 + random.nextInt(100)];
        };
        UUID id = new UUID(random.nextLong(), random.nextLong());
        Rule rule = new Rule(
                id,
                scope,
                scopeId,
                RuleCorpus.block(random),
                random.nextInt(5) == 0 ? Action.ALLOW : Action.DENY,
                Set.of(),
                true,
                null,
                now);
        keys.add(id.toString());
        values.add(EventJson.MAPPER.writeValueAsBytes(new ChangeEvent<>(
                ChangeEvent.EntityType.rule,
                ChangeEvent.Change.created,
                id,
                org,
                1,
                false,
                "b",
                now,
                RuleState.of(rule, org, now, "b", 1),
                null)));
    }
}
