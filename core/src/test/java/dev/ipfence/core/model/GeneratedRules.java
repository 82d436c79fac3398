package dev.ipfence.core.model;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.address.IpFamily;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Generated rule sets and client addresses for property tests of every matcher against {@link
 * AccessModel}: blocks crowded into small address spaces so that they overlap and nest, and probes
 * at their edges.
 */
public final class GeneratedRules {

    /** Traffic scopes the generated rules name. */
    public static final String[] TRAFFIC = {"http", "ssh", "login"};
    /** Traffic scopes asked about: none, the named ones, and one no rule names. */
    public static final String[] QUERIED = {null, "http", "ssh", "login", "api"};
    /** The clock the generated expiries are spread around. */
    public static final Instant NOW = Instant.parse("2026-06-01T12:00:00.123456Z");

    private GeneratedRules() {}

    /** {@code count} rules at a new scope of the given kind. */
    public static List<Rule> rules(Random random, Scope scope, int count) {
        return rules(random, scope, uuid(random), count);
    }

    /**
     * {@code count} rules at one scope: crowded blocks, some of them ranges, some naming traffic
     * scopes, some expired or expiring around {@link #NOW}, some inactive, few distinct creation times.
     */
    public static List<Rule> rules(Random random, Scope scope, UUID scopeId, int count) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Set<String> trafficScopes = switch (random.nextInt(5)) {
                case 0 -> Set.of(TRAFFIC[random.nextInt(3)]);
                case 1 -> Set.of(TRAFFIC[0], TRAFFIC[1 + random.nextInt(2)]);
                default -> Set.of();
            };
            Instant expiresAt = switch (random.nextInt(8)) {
                case 0 -> NOW.minusSeconds(random.nextInt(3600));
                case 1 -> NOW.plusSeconds(random.nextInt(3600));
                case 2 -> NOW;
                default -> null;
            };
            // few distinct creation times, so that ties fall through to the id
            Instant createdAt = NOW.minusSeconds(60L * random.nextInt(4));
            rules.add(new Rule(
                    uuid(random),
                    scope,
                    scopeId,
                    block(random),
                    random.nextInt(3) == 0 ? Action.DENY : Action.ALLOW,
                    trafficScopes,
                    random.nextInt(10) != 0,
                    expiresAt,
                    createdAt));
        }
        return rules;
    }

    /** An id drawn from {@code random}, so that a seed gives the same rules every run. */
    public static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    /** Blocks crowded into small address spaces so that they overlap and nest. */
    public static IpBlock block(Random random) {
        boolean v6 = random.nextInt(10) < 3;
        if (random.nextInt(5) == 0) {
            IpAddress a = address(random, v6);
            IpAddress b = address(random, v6);
            return a.compareTo(b) <= 0
                    ? Addresses.parseRange(a.toString(), b.toString())
                    : Addresses.parseRange(b.toString(), a.toString());
        }
        int bits = v6 ? 128 : 32;
        int prefix = random.nextInt(12) == 0 ? random.nextInt(bits / 2) : bits - random.nextInt(9);
        return Addresses.parseNetwork(network(address(random, v6), prefix));
    }

    public static String network(IpAddress address, int prefix) {
        var library = new inet.ipaddr.IPAddressString(address + "/" + prefix)
                .getAddress()
                .toPrefixBlock();
        return library.toCanonicalString();
    }

    public static IpAddress address(Random random, boolean v6) {
        if (v6) {
            return Addresses.parseAddress("2001:db8::" + Integer.toHexString(random.nextInt(512)));
        }
        return Addresses.parseAddress("10.0." + random.nextInt(2) + "." + random.nextInt(256));
    }

    /** Edges of the rules (first, last, one past each) and random addresses, sometimes IPv4-mapped IPv6. */
    public static IpAddress probe(Random random, List<Rule> rules) {
        if (!rules.isEmpty() && random.nextInt(3) != 0) {
            IpBlock block = rules.get(random.nextInt(rules.size())).block();
            IpAddress edge = random.nextBoolean() ? block.first() : block.last();
            long delta = random.nextInt(3) - 1;
            IpAddress moved = new IpAddress(edge.family(), edge.hi(), edge.lo() + delta);
            if (moved.family() == IpFamily.IPV4 && (moved.lo() < 0 || moved.lo() > 0xFFFF_FFFFL)) {
                return edge;
            }
            if (moved.family() == IpFamily.IPV6
                    && Long.compareUnsigned(moved.lo(), edge.lo()) != Long.signum(delta)
                    && delta != 0) {
                return edge;
            }
            return moved;
        }
        boolean v6 = random.nextInt(4) == 0;
        IpAddress address = address(random, v6);
        if (!v6 && random.nextInt(4) == 0) {
            return Addresses.parseAddress("::ffff:" + address);
        }
        return address;
    }
}
