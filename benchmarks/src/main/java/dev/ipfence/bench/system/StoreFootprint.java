package dev.ipfence.bench.system;

import dev.ipfence.bench.matcher.RuleCorpus;
import dev.ipfence.core.events.ChangeEvent;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.RuleState;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.state.RuleEventReader;
import dev.ipfence.enforcement.state.RuleStore;
import dev.ipfence.testing.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap bytes per rule of enforcement-service's whole rule state (the store's own maps, the rule
 * objects, the compiled scopes and the published snapshot), measured with JOL after the rules were
 * read from events as the service reads them. The rules are spread as on a multi-tenant platform:
 * organizations of 10 projects of 10 environments, 10% of the rules on organizations, 30% on
 * projects, 60% on environments. {@code java ... StoreFootprint [rules...]}
 */
public final class StoreFootprint {

    private StoreFootprint() {}

    /** One measurement; {@code rulesHeld} is what the store counted, to check the corpus was read whole. */
    public record Result(int rules, long rulesHeld, int organizations, int environments, long bytes, long millis) {

        public double bytesPerRule() {
            return bytes / (double) rules;
        }
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0
                ? new int[] {100_000, 1_000_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("rules,organizations,environments,store_bytes,bytes_per_rule,replay_and_compile_ms");
        for (int size : sizes) {
            Result r = measure(size);
            System.out.printf(
                    "%d,%d,%d,%d,%.1f,%d%n",
                    r.rules(), r.organizations(), r.environments(), r.bytes(), r.bytesPerRule(), r.millis());
        }
    }

    public static Result measure(int size) throws Exception {
        RuleCorpus corpus = new RuleCorpus(size, 1, 11);
        List<Rule> all = new ArrayList<>(corpus.environment);
        all.addAll(corpus.project);
        all.addAll(corpus.org);
        int orgs = Math.max(1, size / 10_000);
        List<UUID> orgIds = new ArrayList<>();
        List<UUID> projectIds = new ArrayList<>();
        List<UUID> envIds = new ArrayList<>();
        RuleEventReader reader = new RuleEventReader(EventJson.MAPPER);
        RuleStore store = new RuleStore(Clock.systemUTC());
        Instant now = Instant.now();
        for (int o = 0; o < orgs; o++) {
            UUID org = UUID.randomUUID();
            orgIds.add(org);
            for (int p = 0; p < 10; p++) {
                UUID project = UUID.randomUUID();
                projectIds.add(project);
                for (int e = 0; e < 10; e++) {
                    UUID env = UUID.randomUUID();
                    envIds.add(env);
                    EnvironmentState state = new EnvironmentState(env, org, project, "env", now, now, "b", "b", 1);
                    store.apply(
                            reader.read(
                                    env.toString(),
                                    EventJson.MAPPER.writeValueAsBytes(new ChangeEvent<>(
                                            ChangeEvent.EntityType.environment,
                                            ChangeEvent.Change.created,
                                            env,
                                            org,
                                            1,
                                            false,
                                            "b",
                                            now,
                                            state,
                                            null))),
                            "footprint");
                }
            }
        }
        List<byte[]> events = new ArrayList<>(size);
        List<String> keys = new ArrayList<>(size);
        for (int i = 0; i < all.size(); i++) {
            Rule rule = all.get(i);
            int kind = i % 10;
            int orgIndex = i % orgs;
            UUID org = orgIds.get(orgIndex);
            Scope scope = kind == 0 ? Scope.ORG : kind <= 3 ? Scope.PROJECT : Scope.ENVIRONMENT;
            UUID scopeId = switch (scope) {
                case ORG -> org;
                case PROJECT -> projectIds.get(orgIndex * 10 + (i / orgs) % 10);
                case ENVIRONMENT -> envIds.get(orgIndex * 100 + (i / orgs) % 100);
            };
            RuleState state = RuleState.of(
                    new Rule(
                            rule.id(),
                            scope,
                            scopeId,
                            rule.block(),
                            rule.action(),
                            rule.trafficScopes(),
                            rule.active(),
                            rule.expiresAt(),
                            now),
                    org,
                    now,
                    "b",
                    1);
            keys.add(rule.id().toString());
            events.add(EventJson.MAPPER.writeValueAsBytes(new ChangeEvent<>(
                    ChangeEvent.EntityType.rule,
                    ChangeEvent.Change.created,
                    rule.id(),
                    org,
                    1,
                    false,
                    "b",
                    now,
                    state,
                    null)));
        }
        all = null;
        corpus = null;
        long started = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            store.apply(reader.read(keys.get(i), events.get(i)), "footprint");
        }
        store.publish();
        long millis = (System.nanoTime() - started) / 1_000_000;
        events = null;
        keys = null;
        System.gc();
        long bytes = GraphLayout.parseInstance(store).totalSize();
        return new Result(size, store.snapshot().ruleCount(), orgs, envIds.size(), bytes, millis);
    }
}
