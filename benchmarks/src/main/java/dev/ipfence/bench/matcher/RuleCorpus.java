package dev.ipfence.bench.matcher;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A generated environment chain: 70% IPv4, 30% IPv6, prefix lengths from /8 to host routes, 5%
 * exact ranges, one rule in five a deny; 10% of the rules on the environment, 30% on the project,
 * 60% on the organization. Probe addresses: half inside a rule, half outside every rule.
 *
 * <p>{@link AllowList#ENVIRONMENT}: every scope has allows, so the environment holds the allow
 * list and the other scopes' allows do not take part (the access model). {@link
 * AllowList#ORGANIZATION}: the environment and the project hold only denies, so the organization
 * holds the allow list and every rule takes part in some decision.
 */
public final class RuleCorpus {

    /** Where the allow list of the chain is. */
    public enum AllowList {
        ENVIRONMENT,
        ORGANIZATION
    }

    public final List<Rule> environment = new ArrayList<>();
    public final List<Rule> project = new ArrayList<>();
    public final List<Rule> org = new ArrayList<>();
    public final IpAddress[] probes;

    public RuleCorpus(int rules, int probeCount, long seed) {
        this(rules, probeCount, seed, AllowList.ENVIRONMENT);
    }

    public RuleCorpus(int rules, int probeCount, long seed, AllowList allowList) {
        Random random = new Random(seed);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        // scope ids from a stream of their own, so that the same seed gives equal rules
        Random ids = new Random(~seed);
        UUID env = new UUID(ids.nextLong(), ids.nextLong());
        UUID proj = new UUID(ids.nextLong(), ids.nextLong());
        UUID organization = new UUID(ids.nextLong(), ids.nextLong());
        List<Rule> all = new ArrayList<>(rules);
        for (int i = 0; i < rules; i++) {
            double where = random.nextDouble();
            Scope scope = where < 0.1 ? Scope.ENVIRONMENT : where < 0.4 ? Scope.PROJECT : Scope.ORG;
            UUID scopeId = scope == Scope.ENVIRONMENT ? env : scope == Scope.PROJECT ? proj : organization;
            Rule rule = new Rule(
                    new UUID(random.nextLong(), random.nextLong()),
                    scope,
                    scopeId,
                    block(random),
                    random.nextInt(5) == 0 || (allowList == AllowList.ORGANIZATION && scope != Scope.ORG)
                            ? Action.DENY
                            : Action.ALLOW,
                    Set.of(),
                    true,
                    null,
                    created.plusSeconds(i));
            all.add(rule);
            (scope == Scope.ENVIRONMENT ? environment : scope == Scope.PROJECT ? project : org).add(rule);
        }
        probes = new IpAddress[probeCount];
        for (int i = 0; i < probeCount; i++) {
            if (i % 2 == 0) {
                IpBlock block = all.get(random.nextInt(all.size())).block();
                probes[i] = block.first();
            } else {
                probes[i] = outside(random);
            }
        }
    }

    /** IPv4 rules live in 10.0.0.0/8 and IPv6 in 2001:db8::/32, so addresses outside both miss. */
    public static IpBlock block(Random random) {
        boolean v6 = random.nextInt(10) < 3;
        if (random.nextInt(20) == 0) {
            IpAddress from = v6 ? v6(random) : v4(random);
            IpAddress to = new IpAddress(from.family(), from.hi(), from.lo() + 1 + random.nextInt(200));
            return new IpBlock(from, to, IpBlock.NOT_A_PREFIX);
        }
        if (v6) {
            int prefix = 48 + random.nextInt(81);
            return Addresses.cidr(clear(v6(random), prefix), prefix);
        }
        int prefix = 8 + Math.min(24, (int) Math.round(Math.abs(random.nextGaussian()) * 8 + 16));
        return Addresses.cidr(clear(v4(random), prefix), prefix);
    }

    private static IpAddress v4(Random random) {
        return IpAddress.ipv4((10L << 24) | random.nextInt(1 << 24));
    }

    private static IpAddress v6(Random random) {
        return IpAddress.ipv6(0x2001_0db8_0000_0000L | (random.nextInt() & 0xFFFF_FFFFL), random.nextLong() >>> 8);
    }

    private static IpAddress outside(Random random) {
        if (random.nextInt(10) < 3) {
            return IpAddress.ipv6(0x2001_0db9_0000_0000L | (random.nextInt() & 0xFFFF_FFFFL), random.nextLong());
        }
        return IpAddress.ipv4((11L << 24) | random.nextInt(1 << 24));
    }

    private static IpAddress clear(IpAddress address, int prefix) {
        int host = address.family().bits() - prefix;
        if (address.family() == IpFamily.IPV4) {
            return IpAddress.ipv4(address.lo() & ~((1L << host) - 1));
        }
        if (host >= 64) {
            return IpAddress.ipv6(host == 128 ? 0 : address.hi() & ~((1L << (host - 64)) - 1), 0);
        }
        return IpAddress.ipv6(address.hi(), host == 0 ? address.lo() : address.lo() & ~((1L << host) - 1));
    }
}
