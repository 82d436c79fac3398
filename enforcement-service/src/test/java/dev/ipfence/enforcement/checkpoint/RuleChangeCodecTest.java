package dev.ipfence.enforcement.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.core.model.Action;
import dev.ipfence.core.model.GeneratedRules;
import dev.ipfence.core.model.Rule;
import dev.ipfence.core.model.Scope;
import dev.ipfence.enforcement.state.RuleEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RuleChangeCodecTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456789Z");

    @Test
    void readsBackGeneratedRulesExactly() throws Exception {
        Random random = new Random(23);
        int expiring = 0;
        int scoped = 0;
        int v6 = 0;
        int ranges = 0;
        for (Scope scope : Scope.values()) {
            for (Rule rule : GeneratedRules.rules(random, scope, 500)) {
                UUID orgId = random.nextInt(10) == 0 ? null : GeneratedRules.uuid(random);
                RuleEvent.RuleChange change =
                        new RuleEvent.RuleChange(rule.id(), random.nextLong() & Long.MAX_VALUE, orgId, rule);
                assertThat(new RuleChangeCodec().read(ByteBuffer.wrap(encoded(change))))
                        .isEqualTo(change);
                expiring += rule.expiresAt() != null ? 1 : 0;
                scoped += rule.trafficScopes().isEmpty() ? 0 : 1;
                v6 += rule.block().family().bits() == 128 ? 1 : 0;
                ranges += rule.block().isCidr() ? 0 : 1;
            }
        }
        assertThat(List.of(expiring, scoped, v6, ranges)).allMatch(count -> count > 50);
    }

    @Test
    void readsBackTheEdgesOfBothFamilies() throws Exception {
        List<IpBlock> blocks = List.of(
                Addresses.parseNetwork("0.0.0.0/0"),
                Addresses.parseNetwork("255.255.255.255/32"),
                Addresses.parseNetwork("10.128.0.0/9"),
                Addresses.parseRange("0.0.0.0", "255.255.255.255"),
                Addresses.parseNetwork("::/0"),
                Addresses.parseNetwork("8000::/1"),
                Addresses.parseNetwork("2001:db8::/63"),
                Addresses.parseNetwork("2001:db8::/64"),
                Addresses.parseNetwork("2001:db8:0:0:8000::/65"),
                Addresses.parseNetwork("2001:db8::1/128"),
                Addresses.parseRange("2001:db8::ffff:ffff:ffff:ffff", "2001:db8:0:1::"),
                Addresses.parseRange("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        for (IpBlock block : blocks) {
            for (Instant expiresAt :
                    new Instant[] {null, Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999999Z")}) {
                Rule rule = new Rule(
                        UUID.randomUUID(),
                        Scope.ENVIRONMENT,
                        UUID.randomUUID(),
                        block,
                        Action.DENY,
                        expiresAt == null ? Set.of() : Set.of("http", "ssh", "é-ü"),
                        expiresAt != null,
                        expiresAt,
                        CREATED);
                RuleEvent.RuleChange change =
                        new RuleEvent.RuleChange(rule.id(), Long.MAX_VALUE, UUID.randomUUID(), rule);
                assertThat(new RuleChangeCodec().read(ByteBuffer.wrap(encoded(change))))
                        .as("%s expiring %s", block, expiresAt)
                        .isEqualTo(change);
            }
        }
    }

    @Test
    void sharesTheIdsAndNamesItsRulesRepeat() throws Exception {
        List<Rule> rules = GeneratedRules.rules(new Random(29), Scope.PROJECT, 20);
        UUID orgId = UUID.randomUUID();
        RuleChangeCodec codec = new RuleChangeCodec();
        List<RuleEvent.RuleChange> read = new java.util.ArrayList<>();
        for (Rule rule : rules) {
            read.add(codec.read(ByteBuffer.wrap(encoded(new RuleEvent.RuleChange(rule.id(), 1, orgId, rule)))));
        }
        assertThat(read)
                .allMatch(
                        change -> change.rule().scopeId() == read.get(0).rule().scopeId());
        assertThat(read).allMatch(change -> change.orgId() == read.get(0).orgId());
    }

    @Test
    void refusesFieldsTheTypesDoNotAllow() {
        Rule rule = new Rule(
                UUID.randomUUID(),
                Scope.ORG,
                UUID.randomUUID(),
                Addresses.parseNetwork("10.1.0.0/16"),
                Action.ALLOW,
                Set.of("http"),
                true,
                null,
                CREATED);
        byte[] good = encoded(new RuleEvent.RuleChange(rule.id(), 3, rule.scopeId(), rule));
        // offsets: version 0, id 8, org flag 24, org 25, scope 41, scope id 42, family 58, first 59,
        // last 75, prefix 91, action 93, active 94, traffic scope count 95
        refused(good, bytes -> bytes[41] = 0, "scope");
        refused(good, bytes -> bytes[41] = 4, "scope");
        refused(good, bytes -> bytes[58] = 6, "not its prefix's network");
        refused(good, bytes -> bytes[58] = 5, "address family");
        refused(good, bytes -> bytes[59] = 1, "more than 32 bits");
        refused(good, bytes -> ByteBuffer.wrap(bytes).putShort(91, (short) 33), "prefix");
        refused(good, bytes -> ByteBuffer.wrap(bytes).putShort(91, (short) 15), "not its prefix's network");
        refused(good, bytes -> ByteBuffer.wrap(bytes).putShort(91, (short) 17), "not its prefix's network");
        refused(good, bytes -> bytes[93] = 0, "action");
        refused(good, bytes -> bytes[93] = 3, "action");
        refused(good, bytes -> bytes[94] = 7, "flag");
        refused(good, bytes -> bytes[24] = 2, "flag");
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThatThrownBy(() -> new RuleChangeCodec().read(ByteBuffer.wrap(cut)))
                    .isInstanceOf(CheckpointException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> new RuleChangeCodec().read(ByteBuffer.wrap(longer)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("bytes more");
    }

    @Test
    void writesScopeFamilyAndActionAsCodesOfTheirOwn() {
        Rule rule = new Rule(
                UUID.randomUUID(),
                Scope.PROJECT,
                UUID.randomUUID(),
                Addresses.parseNetwork("2001:db8::/32"),
                Action.DENY,
                Set.of(),
                true,
                null,
                CREATED);
        byte[] bytes = encoded(new RuleEvent.RuleChange(rule.id(), 3, null, rule));
        // without an organization the offsets are 16 lower: scope 25, family 42, action 77
        assertThat(List.of(bytes[25], bytes[42], bytes[77])).containsExactly((byte) 2, (byte) 6, (byte) 2);
    }

    @Test
    void refusesABlockWhoseFirstAddressIsAfterItsLast() {
        Rule rule = new Rule(
                UUID.randomUUID(),
                Scope.ORG,
                UUID.randomUUID(),
                Addresses.parseRange("2001:db8::1", "2001:db8::9"),
                Action.DENY,
                Set.of(),
                true,
                null,
                CREATED);
        byte[] good = encoded(new RuleEvent.RuleChange(rule.id(), 3, rule.scopeId(), rule));
        // the first address's low half (67) above the last's (83)
        refused(good, bytes -> ByteBuffer.wrap(bytes).putLong(67, 10), "invalid");
    }

    private static void refused(byte[] good, Consumer<byte[]> damage, String message) {
        byte[] bad = good.clone();
        damage.accept(bad);
        assertThatThrownBy(() -> new RuleChangeCodec().read(ByteBuffer.wrap(bad)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(message);
    }

    private static byte[] encoded(RuleEvent.RuleChange change) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            RuleChangeCodec.write(change, new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
