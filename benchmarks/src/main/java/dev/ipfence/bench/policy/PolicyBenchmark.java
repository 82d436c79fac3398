package dev.ipfence.bench.policy;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.EnvironmentState;
import dev.ipfence.core.events.PolicyGroupState;
import dev.ipfence.core.events.PolicyState;
import dev.ipfence.core.matcher.Liveness;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Decision;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.core.policy.Identity;
import dev.ipfence.core.policy.IdentityRequest;
import dev.ipfence.core.policy.PolicyModel;
import dev.ipfence.core.policy.ResourceRef;
import dev.ipfence.enforcement.decisions.Decider;
import dev.ipfence.enforcement.state.ChainTables;
import dev.ipfence.enforcement.state.RuleEvent;
import dev.ipfence.enforcement.state.RuleStore;
import dev.ipfence.enforcement.state.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decisions per second of one thread through enforcement's decision path ({@link Decider} over a
 * published {@link Snapshot}) for one organization with {@code policies} policies over 100
 * resources (and 1% for all resources), 50 policy groups and 100 admission rules with CEL
 * conditions (a quarter with time windows), and 1,000 IP rules: requests with an identity, next to
 * the IP-only decision for the same addresses on the same snapshot, and the reference ({@link
 * PolicyModel}, which compiles every condition it meets).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyBenchmark {

    static final String[] CONDITIONS = {
        "user.department == 'engineering'",
        "user.department in ['engineering', 'operations'] && request.method == 'GET'",
        "request.ip.inCidr('10.0.0.0/9')",
        "user.groups.exists(g, g.startsWith('team-1'))",
        "has(user.attributes.level) && user.attributes.level >= 3",
        "device.attributes.managed == true",
        "user.email.endsWith('@example.com') && request.path.startsWith('/api/')",
        "request.time.getDayOfWeek() < 5",
    };

    @Param({"1000"})
    public int policies = 1_000;

    /** Distinct requests, a power of two. */
    @Param({"4096"})
    public int requests = 4_096;

    Snapshot snapshot;
    Decider decider;
    EnvironmentState environment;
    IpAddress[] clients;
    IdentityRequest[] identities;
    long now;
    Instant nowInstant;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        UUID org = new UUID(1, 1);
        UUID project = new UUID(1, 2);
        UUID env = new UUID(1, 3);
        nowInstant = Instant.parse("2026-06-17T10:15:00Z");
        now = Liveness.micros(nowInstant);
        Instant at = nowInstant.minusSeconds(86_400);
        RuleStore store = new RuleStore(Clock.systemUTC());
        environment = new EnvironmentState(env, org, project, "env", at, at, "bench", "bench", 1);
        store.apply(new RuleEvent.EnvironmentChange(env, 1, environment), "bench");
        // 1,000 IP rules: an allow list of 10.0.0.0/8 and 999 denied single addresses elsewhere
        store.apply(
                new RuleEvent.RuleChange(
                        new UUID(2, 0), 1, org, rule(new UUID(2, 0), org, "10.0.0.0/8", Action.ALLOW, at)),
                "bench");
        for (int i = 1; i < 1_000; i++) {
            UUID id = new UUID(2, i);
            String address = "172.16." + (i >> 8) + "." + (i & 255) + "/32";
            store.apply(new RuleEvent.RuleChange(id, 1, org, rule(id, org, address, Action.DENY, at)), "bench");
        }
        List<UUID> groups = new ArrayList<>();
        for (int g = 0; g < 50; g++) {
            UUID id = new UUID(3, g);
            groups.add(id);
            PolicyGroupState group = new PolicyGroupState(
                    id,
                    org,
                    "group " + g,
                    "",
                    10,
                    g == 0,
                    List.of("team-" + g, "dept-" + (g % 5)),
                    at,
                    at,
                    "bench",
                    "bench",
                    1);
            store.apply(new RuleEvent.PolicyGroupChange(id, 1, org, group), "bench");
        }
        List<UUID> rules = new ArrayList<>();
        for (int r = 0; r < 100; r++) {
            UUID id = new UUID(4, r);
            rules.add(id);
            AdmissionRuleState.TimeWindow window = r % 4 == 0
                    ? new AdmissionRuleState.TimeWindow(
                            List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"),
                            "08:00",
                            "18:00",
                            "Europe/Berlin")
                    : null;
            AdmissionRuleState rule = new AdmissionRuleState(
                    id,
                    org,
                    "rule " + r,
                    List.of("ALLOW", "DENY", "CUSTOM").get(r % 3),
                    CONDITIONS[r % CONDITIONS.length],
                    window != null,
                    window,
                    at,
                    at,
                    "bench",
                    "bench",
                    1);
            store.apply(new RuleEvent.AdmissionRuleChange(id, 1, org, rule), "bench");
        }
        for (int p = 0; p < policies; p++) {
            UUID id = new UUID(5, random.nextLong());
            boolean everywhere = p % 100 == 0;
            PolicyState policy = new PolicyState(
                    id,
                    org,
                    "policy " + p,
                    "",
                    random.nextBoolean() ? List.of(groups.get(random.nextInt(groups.size()))) : List.of(),
                    List.of("user-" + random.nextInt(1_000)),
                    List.of(),
                    everywhere ? List.of() : List.of("resource-" + random.nextInt(100)),
                    List.of(),
                    false,
                    random.nextInt(10) == 0,
                    false,
                    everywhere,
                    random.nextInt(4) == 0 ? List.of("10.0.0.0/10", "192.0.2.0/24") : List.of(),
                    "PRIVATE",
                    null,
                    random.nextInt(5) > 0,
                    random.nextInt(5) == 0 ? null : rules.get(random.nextInt(rules.size())),
                    at,
                    at,
                    "bench",
                    "bench",
                    1);
            store.apply(new RuleEvent.PolicyChange(id, 1, org, policy), "bench");
        }
        store.publish();
        snapshot = store.snapshot();
        decider = new Decider(new ChainTables(store::snapshot, 1, 10_000_000, Runnable::run));
        clients = new IpAddress[requests];
        identities = new IdentityRequest[requests];
        for (int i = 0; i < requests; i++) {
            clients[i] = Addresses.parseAddress(
                    "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256));
            int user = random.nextInt(1_000);
            Identity.User u = new Identity.User(
                    "user-" + user,
                    "user-" + user + "@example.com",
                    List.of("team-" + random.nextInt(60), "dept-" + random.nextInt(5)),
                    random.nextBoolean() ? "engineering" : "sales",
                    random.nextBoolean() ? Map.of("level", (long) random.nextInt(5)) : Map.of());
            Identity.Device d =
                    new Identity.Device("device-" + random.nextInt(100), Map.of("managed", random.nextBoolean()));
            identities[i] = new IdentityRequest(
                    new Identity(u, d),
                    new ResourceRef("resource-" + random.nextInt(100), null),
                    null,
                    "GET",
                    random.nextBoolean() ? "/api/orders" : "/");
        }
        // every table is built before measuring
        decider.decide(snapshot, environment, clients[0], null, now);
    }

    private static Rule rule(UUID id, UUID org, String cidr, Action action, Instant at) {
        return new Rule(id, Scope.ORG, org, Addresses.parseNetwork(cidr), action, Set.of(), true, null, at);
    }

    /** The decision without an identity: the IP rules alone. */
    @Benchmark
    public Decision ipOnly() {
        int i = next++ & (requests - 1);
        return decider.decide(snapshot, environment, clients[i], null, now);
    }

    /** The decision with an identity: the IP rules, then the organization's compiled policies. */
    @Benchmark
    public Decision withIdentity() {
        int i = next++ & (requests - 1);
        return decider.decide(snapshot, environment, clients[i], null, now, identities[i]);
    }

    /** The reference over the same policies, after the same IP decision. */
    @Benchmark
    public Decision reference() {
        int i = next++ & (requests - 1);
        Decision ip = decider.decide(snapshot, environment, clients[i], null, now);
        return PolicyModel.decide(
                ip, snapshot.policies(environment.orgId()).source(), identities[i].at(clients[i], nowInstant));
    }
}
