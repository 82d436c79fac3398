package dev.ipfence.audit.attempts;

import dev.ipfence.audit.attempts.FloodFolding.WindowKey;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpFamily;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Where an event folds: its window (aligned on the epoch, by the event's first timestamp), its
 * source (an IPv4 address, an IPv6 /64 — rotating IPv6 addresses of one subscriber usually share
 * one — or {@value FloodFolding#UNPARSEABLE_SOURCE}), and the id of the folded row, derived from
 * both so that the same event always lands in the same row, before and after a restart.
 */
final class FoldKeys {

    static final int IPV4_SOURCE_PREFIX = 32;
    static final int IPV6_SOURCE_PREFIX = 64;

    private final Duration window;

    FoldKeys(Duration window) {
        this.window = window;
    }

    WindowKey windowOf(AttemptRow attempt) {
        long size = window.toMillis();
        long start = Math.floorDiv(attempt.first().toEpochMilli(), size) * size;
        return new WindowKey(attempt.environmentId(), Instant.ofEpochMilli(start));
    }

    UUID sourceFoldId(WindowKey window, AttemptRow a) {
        return foldId(
                window,
                FloodFolding.SOURCE_LEVEL,
                sourceText(sourceNetwork(a.address())) + "|" + a.ruleId() + "|" + a.reason() + "|" + a.trafficScope()
                        + (a.policyId() == null ? "" : "|" + a.policyId()));
    }

    UUID restFoldId(WindowKey window) {
        return foldId(window, FloodFolding.REST_LEVEL, "");
    }

    private UUID foldId(WindowKey key, short level, String source) {
        String name = "ipfence.audit.fold|" + key.environmentId() + "|"
                + key.start().toEpochMilli() + "|" + window.toMillis() + "|" + level + "|" + source;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The first address of the source an address folds into (itself for IPv4, its /64 for IPv6), or null. */
    static IpAddress sourceNetwork(IpAddress address) {
        if (address == null || address.family() == IpFamily.IPV4) {
            return address;
        }
        return IpAddress.ipv6(address.hi(), 0);
    }

    /** The netmask length of a source network. */
    static int sourcePrefix(IpAddress network) {
        return network.family() == IpFamily.IPV4 ? IPV4_SOURCE_PREFIX : IPV6_SOURCE_PREFIX;
    }

    /** A source as shown: the IPv4 address, the IPv6 /64 in CIDR notation, or {@value FloodFolding#UNPARSEABLE_SOURCE}. */
    static String sourceText(IpAddress network) {
        if (network == null) {
            return FloodFolding.UNPARSEABLE_SOURCE;
        }
        if (network.family() == IpFamily.IPV4) {
            return network.toString();
        }
        return Addresses.cidr(network, IPV6_SOURCE_PREFIX).toString();
    }
}
