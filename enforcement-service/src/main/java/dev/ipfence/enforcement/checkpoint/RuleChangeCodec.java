package dev.ipfence.enforcement.checkpoint;

import dev.ipfence.core.address.IpAddress;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.address.IpFamily;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.state.RuleEvent;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A rule change with its rule in binary form, as a checkpoint holds it: version, organization,
 * rule id, scope and scope id, address block (family, first and last address as two 64-bit halves
 * each, prefix or -1 for a range), action, active flag, traffic scopes, expiry and creation time.
 * Big-endian, as {@link java.io.DataOutputStream} writes. Scope, family and action have codes of
 * their own, not the enums' order, so that reordering an enum cannot turn a deny into an allow.
 * Reading checks what the types require (a known code, an IPv4 address of 32 bits, a prefix whose
 * block it is) so that damage the checksum missed still fails; one reader per checkpoint read, as it shares the UUIDs and traffic
 * scope names its rules repeat.
 */
final class RuleChangeCodec {

    private static final int ABSENT = 0;
    private static final int PRESENT = 1;
    private static final int MAX_TRAFFIC_SCOPES = 1024;

    private final Map<UUID, UUID> uuids = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();

    /** Whether {@code change} can be held in binary form: it carries a rule under its own id. */
    static boolean encodable(RuleEvent.RuleChange change) {
        return change.rule() != null && change.rule().id().equals(change.id());
    }

    static void write(RuleEvent.RuleChange change, DataOutput out) throws IOException {
        Rule rule = change.rule();
        out.writeLong(change.version());
        writeUuid(change.id(), out);
        writeNullableUuid(change.orgId(), out);
        out.writeByte(
                switch (rule.scope()) {
                    case ENVIRONMENT -> 1;
                    case PROJECT -> 2;
                    case ORG -> 3;
                });
        writeUuid(rule.scopeId(), out);
        IpBlock block = rule.block();
        out.writeByte(
                switch (block.family()) {
                    case IPV4 -> 4;
                    case IPV6 -> 6;
                });
        out.writeLong(block.first().hi());
        out.writeLong(block.first().lo());
        out.writeLong(block.last().hi());
        out.writeLong(block.last().lo());
        out.writeShort(block.prefix());
        out.writeByte(
                switch (rule.action()) {
                    case ALLOW -> 1;
                    case DENY -> 2;
                });
        out.writeBoolean(rule.active());
        out.writeShort(rule.trafficScopes().size());
        for (String name : rule.trafficScopes()) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            out.writeShort(bytes.length);
            out.write(bytes);
        }
        writeInstant(rule.expiresAt(), out);
        writeInstant(rule.createdAt(), out);
    }

    /** The rule change in {@code in}, which must hold exactly it. */
    RuleEvent.RuleChange read(ByteBuffer in) throws CheckpointException {
        try {
            long version = in.getLong();
            if (version < 0) {
                throw new CheckpointException("a rule record's version is " + version);
            }
            UUID id = readUuid(in);
            UUID orgId = bool(in.get()) ? shared(readUuid(in)) : null;
            Scope scope = switch (in.get()) {
                case 1 -> Scope.ENVIRONMENT;
                case 2 -> Scope.PROJECT;
                case 3 -> Scope.ORG;
                default -> throw new CheckpointException("a rule record's scope code is unknown");
            };
            UUID scopeId = shared(readUuid(in));
            IpFamily family = switch (in.get()) {
                case 4 -> IpFamily.IPV4;
                case 6 -> IpFamily.IPV6;
                default -> throw new CheckpointException("a rule record's address family code is unknown");
            };
            IpAddress first = address(family, in.getLong(), in.getLong());
            IpAddress last = address(family, in.getLong(), in.getLong());
            IpBlock block = new IpBlock(first, last, in.getShort());
            checkPrefix(block);
            Action action = switch (in.get()) {
                case 1 -> Action.ALLOW;
                case 2 -> Action.DENY;
                default -> throw new CheckpointException("a rule record's action code is unknown");
            };
            boolean active = bool(in.get());
            int count = in.getShort() & 0xFFFF;
            if (count > MAX_TRAFFIC_SCOPES) {
                throw new CheckpointException("a rule with " + count + " traffic scopes");
            }
            Set<String> trafficScopes = new HashSet<>(count * 2);
            for (int i = 0; i < count; i++) {
                byte[] bytes = new byte[in.getShort() & 0xFFFF];
                in.get(bytes);
                String name = new String(bytes, StandardCharsets.UTF_8);
                if (!trafficScopes.add(names.computeIfAbsent(name, n -> n))) {
                    throw new CheckpointException("a rule names traffic scope " + name + " twice");
                }
            }
            Instant expiresAt = readInstant(in);
            Instant createdAt = readInstant(in);
            if (in.hasRemaining()) {
                throw new CheckpointException("a rule record has " + in.remaining() + " bytes more than its rule");
            }
            Rule rule = new Rule(id, scope, scopeId, block, action, trafficScopes, active, expiresAt, createdAt);
            return new RuleEvent.RuleChange(id, version, orgId, rule);
        } catch (BufferUnderflowException e) {
            throw new CheckpointException("a rule record ends early", e);
        } catch (RuntimeException e) {
            // an address block, instant or set the types refuse
            throw new CheckpointException("a rule record is invalid: " + e, e);
        }
    }

    private UUID shared(UUID uuid) {
        UUID known = uuids.putIfAbsent(uuid, uuid);
        return known == null ? uuid : known;
    }

    static void writeUuid(UUID uuid, DataOutput out) throws IOException {
        out.writeLong(uuid.getMostSignificantBits());
        out.writeLong(uuid.getLeastSignificantBits());
    }

    static void writeNullableUuid(UUID uuid, DataOutput out) throws IOException {
        if (uuid == null) {
            out.writeByte(ABSENT);
        } else {
            out.writeByte(PRESENT);
            writeUuid(uuid, out);
        }
    }

    private static void writeInstant(Instant instant, DataOutput out) throws IOException {
        if (instant == null) {
            out.writeByte(ABSENT);
        } else {
            out.writeByte(PRESENT);
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    static UUID readUuid(ByteBuffer in) {
        return new UUID(in.getLong(), in.getLong());
    }

    private static Instant readInstant(ByteBuffer in) throws CheckpointException {
        if (!bool(in.get())) {
            return null;
        }
        return Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    private static boolean bool(byte value) throws CheckpointException {
        if (value != ABSENT && value != PRESENT) {
            throw new CheckpointException("a flag of a rule record is " + value);
        }
        return value == PRESENT;
    }

    private static IpAddress address(IpFamily family, long hi, long lo) throws CheckpointException {
        if (family == IpFamily.IPV4) {
            if (hi != 0 || (lo & ~0xFFFF_FFFFL) != 0) {
                throw new CheckpointException("a rule record's IPv4 address has more than 32 bits");
            }
            return IpAddress.ipv4(lo);
        }
        return IpAddress.ipv6(hi, lo);
    }

    /** A CIDR block is exactly its prefix's network: first has the host bits clear, last set. */
    private static void checkPrefix(IpBlock block) throws CheckpointException {
        int prefix = block.prefix();
        int bits = block.family().bits();
        if (prefix == IpBlock.NOT_A_PREFIX) {
            return;
        }
        if (prefix < 0 || prefix > bits) {
            throw new CheckpointException("a rule record's prefix is " + prefix);
        }
        int hostBits = bits - prefix;
        long hostHi = hostBits > 64 ? mask(hostBits - 64) : 0;
        long hostLo = hostBits >= 64 ? -1L : mask(hostBits);
        if (bits == 32) {
            hostHi = 0;
        }
        IpAddress first = block.first();
        IpAddress last = block.last();
        if ((first.hi() & hostHi) != 0
                || (first.lo() & hostLo) != 0
                || last.hi() != (first.hi() | hostHi)
                || last.lo() != (first.lo() | hostLo)) {
            throw new CheckpointException("a rule record's block " + block + " is not its prefix's network");
        }
    }

    private static long mask(int bits) {
        return bits == 0 ? 0 : bits >= 64 ? -1L : (1L << bits) - 1;
    }
}
